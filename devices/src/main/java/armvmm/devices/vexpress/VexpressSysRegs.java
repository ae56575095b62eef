package armvmm.devices.vexpress;

import armvmm.bus.AccessSizes;
import armvmm.bus.RegisterMap;
import armvmm.devices.amba.ApbPeripheral;
import armvmm.time.MachineClock;

/**
 * The Versatile Express motherboard system registers (V2M-P1 TRM, DUI 0447, 4.3) at 0x1c010000, with a
 * CoreTile Express A15x2 in site 1: identification, switches and LEDs, the free-running counters, the
 * SYS_FLAGS register secondary CPUs poll for their entry point, and the configuration bus, whose SHUTDOWN
 * and REBOOT functions power the machine off or reset it (Linux's vexpress-poweroff and -reboot).
 */
public final class VexpressSysRegs extends ApbPeripheral<VexpressSysRegs.Register> implements armvmm.snapshot.Snapshottable {
    /** SYS_ID: revision 1, HBI-0190 (the V2M-P1), build 0xf, AXI bus, FPGA 0x00 (what QEMU's vexpress-a15 reports). */
    public static final int SYS_ID_V2M_P1 = 0x1190_f500;
    /** SYS_PROCID0 of the CoreTile Express A15x2 (V2P-CA15, HBI-0237). */
    public static final int PROCID_V2P_CA15 = 0x1400_0237;
    /** SYS_PROCID1 with no second daughterboard fitted. */
    public static final int PROCID_NO_TILE = 0xFF00_0000;

    enum Register implements RegisterMap.Register {
        SYS_ID(0x00), SYS_SW(0x04), SYS_LED(0x08), SYS_100HZ(0x24), SYS_FLAGS(0x30), SYS_FLAGSCLR(0x34),
        SYS_NVFLAGS(0x38), SYS_NVFLAGSCLR(0x3C), SYS_MCI(0x48), SYS_FLASH(0x4C), SYS_CFGSW(0x58), SYS_24MHZ(0x5C),
        SYS_MISC(0x60), SYS_DMA(0x64), SYS_PROCID0(0x84), SYS_PROCID1(0x88), SYS_CFGDATA(0xA0), SYS_CFGCTRL(0xA4),
        SYS_CFGSTAT(0xA8);

        final int offset;

        Register(int offset) { this.offset = offset; }

        @Override
        public int offset() { return offset; }
    }

    // SYS_CFGCTRL fields
    static final int CFGCTRL_START = 1 << 31, CFGCTRL_WRITE = 1 << 30;
    // SYS_CFGSTAT bits
    static final int CFGSTAT_COMPLETE = 1, CFGSTAT_ERROR = 1 << 1;

    private final MachineClock clock;
    private final PowerControl power;
    private final ConfigBus configBus = new ConfigBus();

    private int led;
    private int flags;
    /** Non-volatile: kept across a machine reset, as on the board. */
    private int nvflags;
    private int flash;
    private int cfgdata;
    private int cfgctrl;
    private int cfgstat;

    public VexpressSysRegs(String name, MachineClock clock, PowerControl power) {
        super(name, null, null, Register.class);
        this.clock = clock;
        this.power = power;
    }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.WORD; }

    @Override
    public synchronized void reset() {
        led = 0;
        flags = 0;
        flash = 0;
        cfgdata = 0;
        cfgctrl = 0;
        cfgstat = 0;
        configBus.reset();
    }

    @Override
    public synchronized void saveState(java.io.DataOutput out) throws java.io.IOException {
        for (int v : new int[] {led, flags, nvflags, flash, cfgdata, cfgctrl, cfgstat}) out.writeInt(v);
        configBus.saveState(out);
    }

    @Override
    public synchronized void loadState(java.io.DataInput in) throws java.io.IOException {
        led = in.readInt() & 0xFF;
        flags = in.readInt();
        nvflags = in.readInt();
        flash = in.readInt() & 1;
        cfgdata = in.readInt();
        cfgctrl = in.readInt() & ~CFGCTRL_START & ~(3 << 18);
        cfgstat = in.readInt() & (CFGSTAT_COMPLETE | CFGSTAT_ERROR);
        configBus.loadState(in);
    }

    /** SYS_FLAGS as the secondary boot stub sees it (for boards and tests). */
    public synchronized int flags() { return flags; }

    @Override
    protected synchronized int readRegister(Register r) {
        return switch (r) {
            case SYS_ID -> SYS_ID_V2M_P1;
            case SYS_LED -> led;
            case SYS_100HZ -> (int) (clock.nanos() / 10_000_000);
            case SYS_FLAGS -> flags;
            case SYS_NVFLAGS -> nvflags;
            case SYS_FLASH -> flash;
            case SYS_24MHZ -> (int) (clock.nanos() * 3 / 125);  // 24 MHz = 3 ticks per 125 ns
            case SYS_PROCID0 -> PROCID_V2P_CA15;
            case SYS_PROCID1 -> PROCID_NO_TILE;
            case SYS_CFGDATA -> cfgdata;
            case SYS_CFGCTRL -> cfgctrl;
            case SYS_CFGSTAT -> cfgstat;
            // No switches set, no MMC card, master site is site 1 (SYS_MISC.MASTERSITE 0), no DMA mapping.
            case SYS_SW, SYS_MCI, SYS_CFGSW, SYS_MISC, SYS_DMA, SYS_FLAGSCLR, SYS_NVFLAGSCLR -> 0;
        };
    }

    @Override
    protected void writeRegister(Register r, int v) {
        Runnable powerAction = null;
        synchronized (this) {
            switch (r) {
                case SYS_LED -> led = v & 0xFF;
                case SYS_FLAGS -> flags |= v;  // SYS_FLAGSSET
                case SYS_FLAGSCLR -> flags &= ~v;
                case SYS_NVFLAGS -> nvflags |= v;  // SYS_NVFLAGSSET
                case SYS_NVFLAGSCLR -> nvflags &= ~v;
                case SYS_FLASH -> flash = v & 1;
                case SYS_CFGDATA -> cfgdata = v;
                case SYS_CFGSTAT -> cfgstat = v & (CFGSTAT_COMPLETE | CFGSTAT_ERROR);
                case SYS_CFGCTRL -> {
                    // START always reads 0: the transfer completes within the write.
                    cfgctrl = v & ~CFGCTRL_START & ~(3 << 18);
                    if ((v & CFGCTRL_START) != 0) powerAction = transfer(v);
                }
                case SYS_SW, SYS_MCI, SYS_CFGSW, SYS_MISC, SYS_DMA -> { /* switches and status: writes ignored */ }
                case SYS_ID, SYS_100HZ, SYS_24MHZ, SYS_PROCID0, SYS_PROCID1 -> writeToReadOnly(r);
            }
        }
        // Outside our lock: the machine may reset every device, this one included.
        if (powerAction != null) powerAction.run();
    }

    /** One configuration-bus transfer; returns the power action it requests, if any. */
    private Runnable transfer(int ctrl) {
        boolean write = (ctrl & CFGCTRL_WRITE) != 0;
        int dcc = (ctrl >>> 26) & 0xF;
        int functionCode = (ctrl >>> 20) & 0x3F;
        int site = (ctrl >>> 16) & 3;
        int position = (ctrl >>> 12) & 0xF;
        int device = ctrl & 0xFFF;
        ConfigFunction function = ConfigFunction.of(functionCode);
        Runnable action = null;
        boolean ok = false;
        if (dcc == 0 && position == 0 && function != null) {
            ConfigBus.Address a = new ConfigBus.Address(site, function, device);
            boolean motherboardDevice0 = site == ConfigBus.SITE_MB && device == 0;
            switch (function) {
                case SHUTDOWN -> {
                    ok = write && motherboardDevice0;
                    if (ok) action = () -> power.powerOff("the guest requested shutdown through SYS_CFGCTRL");
                }
                case REBOOT -> {
                    ok = write && motherboardDevice0;
                    if (ok) action = () -> power.reset("the guest requested a reboot through SYS_CFGCTRL");
                }
                // Video output selection: nothing to switch in a machine without a display.
                case MUXFPGA, DVIMODE -> ok = write && motherboardDevice0;
                default -> {
                    if (write) {
                        ok = configBus.write(a, cfgdata);
                    } else {
                        Integer value = configBus.read(a);
                        ok = value != null;
                        if (ok) cfgdata = value;
                    }
                }
            }
        }
        if (!ok) {
            unknown.once("configuration " + (write ? "write" : "read") + " of function " + functionCode + " site " + site
                    + " position " + position + " device " + device + " dcc " + dcc, 0xA4, 4);
        }
        cfgstat = CFGSTAT_COMPLETE | (ok ? 0 : CFGSTAT_ERROR);
        return action;
    }
}
