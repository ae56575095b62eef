package armvmm.cp15;

import armvmm.irq.IrqLine;
import armvmm.time.MachineClock;

/**
 * A {@link CpHost} with no CPU behind it: one CPU, cpu0, side effects go nowhere, timers drive no line. For
 * computing reset values (the {@code vmm cp15} table) and for measuring the registry alone.
 */
public final class InertHost implements CpHost {
    private final MachineClock clock;

    public InertHost(MachineClock clock) { this.clock = clock; }

    @Override public int cpuIndex() { return 0; }
    @Override public int cpuCount() { return 1; }
    @Override public MachineClock clock() { return clock; }
    @Override public void tlbMaintenance(TlbOp op, int arg) {}
    @Override public long addressTranslation(AtsOp op, int va) { return 0; }
    @Override public void translationRegimeChanged() {}
    @Override public void instructionCacheInvalidated() {}
    @Override public IrqLine timerIrq(int intid) { return IrqLine.NONE; }
    @Override public void vfpControlChanged() {}
}
