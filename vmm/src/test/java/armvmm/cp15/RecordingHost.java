package armvmm.cp15;

import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import armvmm.time.MachineClock;
import armvmm.time.VirtualClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A CpHost that records every side effect as a line, and gives each PPI a latch the test can look at. */
public final class RecordingHost implements CpHost {
    public final List<String> events = new ArrayList<>();
    public final VirtualClock clock = new VirtualClock(0);
    public final Map<Integer, LevelLatch> ppis = new HashMap<>();
    private final int index, count;
    public long parResult = 0x1234_5000L;

    public RecordingHost(int index, int count) {
        this.index = index;
        this.count = count;
    }

    public RecordingHost() { this(0, 1); }

    @Override public int cpuIndex() { return index; }
    @Override public int cpuCount() { return count; }
    @Override public MachineClock clock() { return clock; }
    @Override public void tlbMaintenance(TlbOp op, int arg) { events.add("tlb " + op + " " + Integer.toHexString(arg)); }

    @Override
    public long addressTranslation(AtsOp op, int va) {
        events.add("ats " + op + " " + Integer.toHexString(va));
        return parResult;
    }

    @Override public void translationRegimeChanged() { events.add("regime"); }
    @Override public void instructionCacheInvalidated() { events.add("icache"); }
    @Override public IrqLine timerIrq(int intid) { return ppis.computeIfAbsent(intid, i -> new LevelLatch()); }
    @Override public void vfpControlChanged() { events.add("vfp"); }
    @Override public void secureConfigurationChanged() { events.add("scr"); }
    @Override public void hypConfigurationChanged() { events.add("hyp"); }
    @Override public int pendingInterrupts() { return 0x80; }

    public boolean ppi(int intid) { return ppis.containsKey(intid) && ppis.get(intid).level(); }
}
