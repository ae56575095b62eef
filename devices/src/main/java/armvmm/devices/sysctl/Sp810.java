package armvmm.devices.sysctl;

import armvmm.bus.AccessSizes;
import armvmm.bus.RegisterMap;
import armvmm.devices.amba.ApbPeripheral;
import armvmm.devices.amba.PrimeCellId;
import java.util.Arrays;

/**
 * An ARM SP810 system controller (SP810 TRM, DDI 0254). On the Versatile Express its one job that matters
 * is SCCTRL's TimerEnNSel bits, which choose the 32 kHz REFCLK or the 1 MHz TIMCLK for each SP804 timer;
 * Linux's clk-sp810 sets them to TIMCLK, and this model's timers always run at 1 MHz, so the bits are kept
 * for the guest to read back and for the board to inspect. The system is always in NORMAL mode. The
 * remaining registers are plain storage.
 */
public final class Sp810 extends ApbPeripheral<Sp810.Register> implements armvmm.snapshot.Snapshottable {
    public static final PrimeCellId ID = new PrimeCellId(0x810, 0, 0x00);

    enum Register implements RegisterMap.Register {
        SCCTRL(0x000), SCSYSSTAT(0x004), SCIMCTRL(0x008), SCIMSTAT(0x00C), SCXTALCTRL(0x010), SCPLLCTRL(0x014),
        SCPLLFCTRL(0x018), SCPERCTRL0(0x01C), SCPERCTRL1(0x020), SCPEREN(0x024), SCPERDIS(0x028),
        SCPERCLKEN(0x02C), SCPERSTAT(0x030), SCSysID0(0xEE0), SCSysID1(0xEE4), SCSysID2(0xEE8), SCSysID3(0xEEC),
        SCITCR(0xF00), SCITIR0(0xF04), SCITIR1(0xF08), SCITOR(0xF0C), SCCNTCTRL(0xF10), SCCNTDATA(0xF14),
        SCCNTSTEP(0xF18);

        final int offset;

        Register(int offset) { this.offset = offset; }

        @Override
        public int offset() { return offset; }
    }

    /** SCCTRL.ModeStatus (bits [6:3]) reads NORMAL: mode changes complete at once. */
    static final int MODE_STATUS_NORMAL = 0b0100 << 3;
    static final int MODE_CTRL_NORMAL = 0b100;
    static final int MODE_STATUS_MASK = 0xF << 3;

    private final int[] storage = new int[Register.values().length];

    public Sp810(String name) {
        super(name, ID, "SC", Register.class);
        reset();
    }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.WORD; }

    @Override
    public synchronized void reset() {
        Arrays.fill(storage, 0);
        storage[Register.SCCTRL.ordinal()] = MODE_CTRL_NORMAL;
        storage[Register.SCPERCLKEN.ordinal()] = 0xFFFF_FFFF;
    }

    @Override
    public synchronized void saveState(java.io.DataOutput out) throws java.io.IOException {
        out.writeShort(storage.length);
        for (int v : storage) out.writeInt(v);
    }

    @Override
    public synchronized void loadState(java.io.DataInput in) throws java.io.IOException {
        armvmm.snapshot.SnapshotFormatException.check("SP810: registers", in.readUnsignedShort(), storage.length, storage.length);
        for (int i = 0; i < storage.length; i++) storage[i] = in.readInt();
    }

    /** Whether timer enable {@code n} (0-3) selects TIMCLK (true) rather than REFCLK: SCCTRL.TimerEn{n}Sel. */
    public synchronized boolean timerClockSelect(int n) {
        return (storage[Register.SCCTRL.ordinal()] & (1 << (15 + 2 * n))) != 0;
    }

    @Override
    protected synchronized int readRegister(Register r) {
        return switch (r) {
            case SCCTRL -> storage[r.ordinal()] & ~MODE_STATUS_MASK | MODE_STATUS_NORMAL;
            case SCPERSTAT -> storage[Register.SCPERCLKEN.ordinal()];
            case SCPEREN, SCPERDIS -> 0;
            default -> storage[r.ordinal()];
        };
    }

    @Override
    protected synchronized void writeRegister(Register r, int v) {
        switch (r) {
            case SCPEREN -> storage[Register.SCPERCLKEN.ordinal()] |= v;
            case SCPERDIS -> storage[Register.SCPERCLKEN.ordinal()] &= ~v;
            case SCPERCLKEN, SCPERSTAT, SCSysID0, SCSysID1, SCSysID2, SCSysID3 -> writeToReadOnly(r);
            default -> storage[r.ordinal()] = v;
        }
    }
}
