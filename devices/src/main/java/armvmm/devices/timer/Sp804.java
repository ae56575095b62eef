package armvmm.devices.timer;

import armvmm.bus.AccessSizes;
import armvmm.bus.RegisterMap;
import armvmm.devices.amba.ApbPeripheral;
import armvmm.devices.amba.PrimeCellId;
import armvmm.irq.IrqLine;
import armvmm.time.MachineClock;

/**
 * An ARM SP804 dual-input timer: two independent down-counters with one combined interrupt output
 * (TIMINTC), as the Versatile Express wires it. Clocked from the machine clock at {@code clockHz} (1 MHz on
 * vexpress, where the SP810 selects TIMCLK for every timer).
 */
public final class Sp804 extends ApbPeripheral<Sp804.Register> implements armvmm.snapshot.Snapshottable {
    public static final PrimeCellId ID = new PrimeCellId(0x804, 1, 0x00);
    public static final long VEXPRESS_TIMCLK_HZ = 1_000_000;
    static final int TIMER2_BASE = 0x20;

    /** The register map (SP804 TRM table 3-1): timer 2's registers repeat timer 1's at +0x20. */
    enum Register implements RegisterMap.Register {
        Timer1Load(0x00), Timer1Value(0x04), Timer1Control(0x08), Timer1IntClr(0x0C), Timer1RIS(0x10), Timer1MIS(0x14), Timer1BGLoad(0x18),
        Timer2Load(0x20), Timer2Value(0x24), Timer2Control(0x28), Timer2IntClr(0x2C), Timer2RIS(0x30), Timer2MIS(0x34), Timer2BGLoad(0x38);

        private static final Register[] VALUES = values();

        final int offset;

        Register(int offset) { this.offset = offset; }

        @Override
        public int offset() { return offset; }

        /** Which of the two timers: 0 or 1. */
        int timer() { return offset / TIMER2_BASE; }

        /** The same register of timer 1, so one switch serves both timers. */
        Register ofTimer1() { return VALUES[ordinal() % 7]; }
    }

    private final IrqLine irq;
    private final Sp804Counter[] timers;

    public Sp804(String name, MachineClock clock, IrqLine irq, long clockHz) {
        super(name, ID, "Timer", Register.class);
        this.irq = irq;
        timers = new Sp804Counter[] {
            new Sp804Counter(name + "-timer1", clock, clockHz, this, this::updateIrq),
            new Sp804Counter(name + "-timer2", clock, clockHz, this, this::updateIrq),
        };
    }

    public Sp804(String name, MachineClock clock, IrqLine irq) { this(name, clock, irq, VEXPRESS_TIMCLK_HZ); }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.WORD; }

    @Override
    public synchronized void reset() {
        for (Sp804Counter t : timers) t.reset();
        updateIrq();
    }

    @Override
    protected synchronized int readRegister(Register r) {
        Sp804Counter t = timers[r.timer()];
        return switch (r.ofTimer1()) {
            case Timer1Load, Timer1BGLoad -> t.load;
            case Timer1Value -> (int) t.value();
            case Timer1Control -> t.control;
            case Timer1RIS -> t.ris ? 1 : 0;
            case Timer1MIS -> t.interrupting() ? 1 : 0;
            default -> 0;  // IntClr is write-only
        };
    }

    @Override
    protected synchronized void writeRegister(Register r, int v) {
        Sp804Counter t = timers[r.timer()];
        switch (r.ofTimer1()) {
            case Timer1Load -> t.writeLoad(v);
            case Timer1BGLoad -> t.writeBackgroundLoad(v);
            case Timer1Control -> t.writeControl(v);
            case Timer1IntClr -> t.ris = false;
            default -> writeToReadOnly(r);
        }
        updateIrq();
    }

    @Override
    public synchronized void saveState(java.io.DataOutput out) throws java.io.IOException {
        for (Sp804Counter t : timers) t.saveState(out);
    }

    @Override
    public synchronized void loadState(java.io.DataInput in) throws java.io.IOException {
        for (Sp804Counter t : timers) t.loadState(in);
        updateIrq();
    }

    private void updateIrq() { irq.set(timers[0].interrupting() || timers[1].interrupting()); }
}
