package armvmm.devices.timer;

import armvmm.bus.AccessSizes;
import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;
import armvmm.devices.amba.PrimeCellId;
import armvmm.irq.IrqLine;
import armvmm.time.MachineClock;

/**
 * An ARM SP804 dual-input timer: two independent down-counters with one combined interrupt output
 * (TIMINTC), as the Versatile Express wires it. Clocked from the machine clock at {@code clockHz} (1 MHz on
 * vexpress, where the SP810 selects TIMCLK for every timer).
 */
public final class Sp804 implements MmioDevice {
    public static final PrimeCellId ID = new PrimeCellId(0x804, 1, 0x00);
    public static final long VEXPRESS_TIMCLK_HZ = 1_000_000;
    static final int TIMER2_BASE = 0x20;

    /** The registers of each timer, relative to its base (0x00 or 0x20). */
    enum Register {
        Load(0x00), Value(0x04), Control(0x08), IntClr(0x0C), RIS(0x10), MIS(0x14), BGLoad(0x18);

        final int offset;

        Register(int offset) { this.offset = offset; }

        static Register at(long offset) {
            for (Register r : values()) if (r.offset == offset) return r;
            return null;
        }
    }

    private final String name;
    private final IrqLine irq;
    private final Sp804Counter[] timers;
    private final UnknownAccessLog unknown;

    public Sp804(String name, MachineClock clock, IrqLine irq, long clockHz) {
        this.name = name;
        this.irq = irq;
        this.unknown = new UnknownAccessLog(name);
        timers = new Sp804Counter[] {
            new Sp804Counter(name + "-timer1", clock, clockHz, this, this::updateIrq),
            new Sp804Counter(name + "-timer2", clock, clockHz, this, this::updateIrq),
        };
    }

    public Sp804(String name, MachineClock clock, IrqLine irq) { this(name, clock, irq, VEXPRESS_TIMCLK_HZ); }

    @Override
    public String name() { return name; }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.WORD; }

    @Override
    public String registerName(long offset) {
        if (PrimeCellId.covers(offset)) return "Timer" + PrimeCellId.registerName(offset);
        Register r = offset < 0x40 ? Register.at(offset % TIMER2_BASE) : null;
        return r == null ? null : "Timer" + (offset / TIMER2_BASE + 1) + r.name();
    }

    @Override
    public synchronized void reset() {
        for (Sp804Counter t : timers) t.reset();
        updateIrq();
    }

    @Override
    public synchronized long read(long offset, int size, int requester) {
        if (PrimeCellId.covers(offset)) return ID.read(offset);
        Register r = offset < 0x40 ? Register.at(offset % TIMER2_BASE) : null;
        if (r == null) {
            unknown.once("read of unknown offset", offset, size);
            return 0;
        }
        Sp804Counter t = timers[(int) (offset / TIMER2_BASE)];
        return switch (r) {
            case Load, BGLoad -> Integer.toUnsignedLong(t.load);
            case Value -> t.value();
            case Control -> t.control;
            case RIS -> t.ris ? 1 : 0;
            case MIS -> t.interrupting() ? 1 : 0;
            case IntClr -> 0;
        };
    }

    @Override
    public synchronized void write(long offset, int size, long value, int requester) {
        Register r = offset < 0x40 ? Register.at(offset % TIMER2_BASE) : null;
        if (r == null) {
            unknown.once("write to unknown offset", offset, size);
            return;
        }
        Sp804Counter t = timers[(int) (offset / TIMER2_BASE)];
        int v = (int) value;
        switch (r) {
            case Load -> t.writeLoad(v);
            case BGLoad -> t.writeBackgroundLoad(v);
            case Control -> t.writeControl(v);
            case IntClr -> t.ris = false;
            case Value, RIS, MIS -> unknown.once("write to read-only Timer" + r.name(), offset, size);
        }
        updateIrq();
    }

    private void updateIrq() { irq.set(timers[0].interrupting() || timers[1].interrupting()); }
}
