package armvmm.trace;

import armvmm.bus.BusMaster;
import armvmm.bus.MmioTrace;
import armvmm.bus.Region;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --trace-out FILE.json}: the run as a timeline in the Chrome trace-event format (the JSON object
 * form, {"traceEvents": [...]}) that Perfetto's UI and chrome://tracing open. One track per vCPU with a
 * slice for each state its thread is in (RUNNING, WAITING, PAUSED, PARKED), one track per device with an
 * instant event per MMIO access (register, value, which vCPU), one track for interrupt lines with their
 * level changes, and at the end a counter event per device and per register with the number of accesses.
 * Events are written as they happen; past {@link #MAX_EVENTS} only the counters go on.
 */
public final class TraceTimeline implements MmioTrace, AutoCloseable {
    static final long MAX_EVENTS = 2_000_000;
    private static final int PID = 1, IRQ_TID = 90, DEVICE_TID0 = 100;

    private final Writer out;
    private final long t0 = System.nanoTime();
    private final Map<String, Integer> deviceTids = new HashMap<>(), vcpuTids = new HashMap<>();
    private final Map<Integer, String> openSlice = new HashMap<>();
    private final Map<String, Long> perDevice = new TreeMap<>(), perRegister = new TreeMap<>();
    private long events, dropped;
    private boolean closed;

    public TraceTimeline(Writer out) throws IOException {
        this.out = new BufferedWriter(out, 1 << 16);
        this.out.write("{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n");
        meta("process_name", 0, "armvmm");
        meta("thread_name", IRQ_TID, "interrupt lines");
    }

    private double micros() { return (System.nanoTime() - t0) / 1000.0; }

    /** A vCPU's thread ({@code vcpu0}, ...) changed state: the previous slice ends, the new one begins. */
    public synchronized void vcpuState(String vcpu, String state) {
        Integer t = vcpuTids.get(vcpu);
        if (t == null) {
            t = 1 + vcpuTids.size();
            vcpuTids.put(vcpu, t);
            meta("thread_name", t, vcpu);
        }
        int tid = t;
        double ts = micros();
        if (state.equals(openSlice.get(tid))) return; // a safe point that changed nothing
        String was = openSlice.put(tid, state);
        if (was != null) event(String.format("{\"name\": \"%s\", \"ph\": \"E\", \"ts\": %.3f, \"pid\": %d, \"tid\": %d}", was, ts, PID, tid));
        event(String.format("{\"name\": \"%s\", \"cat\": \"vcpu\", \"ph\": \"B\", \"ts\": %.3f, \"pid\": %d, \"tid\": %d}", state, ts, PID, tid));
    }

    /** An interrupt line into the interrupt controller changed level (a device raised or lowered it). */
    public synchronized void irqLine(String line, boolean level) {
        event(String.format("{\"name\": \"%s %s\", \"cat\": \"irq\", \"ph\": \"i\", \"s\": \"t\", \"ts\": %.3f, \"pid\": %d, \"tid\": %d}",
                line, level ? "raised" : "lowered", micros(), PID, IRQ_TID));
    }

    @Override
    public synchronized void access(BusMaster who, boolean write, long pa, int size, long value, Region region, long offset) {
        String dev = region.name();
        Integer tid = deviceTids.get(dev);
        if (tid == null) {
            tid = DEVICE_TID0 + deviceTids.size();
            deviceTids.put(dev, tid);
            meta("thread_name", tid, dev);
        }
        String reg = region.device().registerName(offset);
        String what = reg != null ? reg : String.format("+0x%x", offset);
        perDevice.merge(dev, 1L, Long::sum);
        perRegister.merge(dev + " " + what, 1L, Long::sum);
        event(String.format("{\"name\": \"%s %s\", \"cat\": \"mmio\", \"ph\": \"i\", \"s\": \"t\", \"ts\": %.3f, \"pid\": %d, \"tid\": %d, "
                + "\"args\": {\"pa\": \"0x%x\", \"size\": %d, \"value\": \"0x%x\", \"cpu\": %d, \"pc\": \"0x%x\"}}",
                write ? "W" : "R", escape(what), micros(), PID, tid, pa, size, value, who.id(), who.currentPc()));
    }

    private void meta(String kind, int tid, String name) {
        event(String.format("{\"name\": \"%s\", \"ph\": \"M\", \"pid\": %d, \"tid\": %d, \"args\": {\"name\": \"%s\"}}", kind, PID, tid, escape(name)));
    }

    private void event(String json) { event(json, false); }

    /** {@code always}: written past the cap too (the end of the open slices, the counters). */
    private void event(String json, boolean always) {
        if (closed) return;
        if (events >= MAX_EVENTS && !always) {
            dropped++;
            return;
        }
        try {
            if (events > 0) out.write(",\n");
            out.write(json);
            events++;
        } catch (IOException e) {
            closed = true; // a full disk: the run goes on without its timeline
        }
    }

    private static String escape(String s) { return s.replace("\\", "\\\\").replace("\"", "\\\""); }

    /** Ends the open slices, writes the counters (per device, per register) and closes the document. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) return;
        double ts = micros();
        for (Map.Entry<Integer, String> e : openSlice.entrySet())
            event(String.format("{\"name\": \"%s\", \"ph\": \"E\", \"ts\": %.3f, \"pid\": %d, \"tid\": %d}", e.getValue(), ts, PID, e.getKey()), true);
        counters("mmio accesses per device", perDevice, ts);
        counters("mmio accesses per register", perRegister, ts);
        closed = true;
        out.write("\n], \"otherData\": {\"eventsDropped\": " + dropped + "}}\n");
        out.close();
    }

    private void counters(String name, Map<String, Long> counts, double ts) {
        if (counts.isEmpty()) return;
        StringBuilder a = new StringBuilder();
        for (Map.Entry<String, Long> e : counts.entrySet()) a.append(a.length() == 0 ? "" : ", ").append('"').append(escape(e.getKey())).append("\": ").append(e.getValue());
        event(String.format("{\"name\": \"%s\", \"ph\": \"C\", \"ts\": %.3f, \"pid\": %d, \"args\": {%s}}", name, ts, PID, a), true);
    }
}
