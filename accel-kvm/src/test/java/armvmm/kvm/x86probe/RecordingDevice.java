package armvmm.kvm.x86probe;

import armvmm.bus.MmioDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A device that records every access and answers reads from a table of values by offset. */
final class RecordingDevice implements MmioDevice {
    record Access(boolean write, long offset, int size, long value, int requester) {}

    private final Map<Long, Long> readValues;
    private final List<Access> accesses = new ArrayList<>();

    RecordingDevice(Map<Long, Long> readValues) { this.readValues = readValues; }

    @Override
    public String name() { return "recorder@8000"; }

    @Override
    public synchronized long read(long offset, int size, int requester) {
        long v = readValues.getOrDefault(offset, 0L);
        accesses.add(new Access(false, offset, size, v, requester));
        return v;
    }

    @Override
    public synchronized void write(long offset, int size, long value, int requester) {
        accesses.add(new Access(true, offset, size, value, requester));
    }

    synchronized List<Access> accesses() { return List.copyOf(accesses); }
}
