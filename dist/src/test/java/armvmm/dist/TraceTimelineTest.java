package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.boards.GuestCache;
import armvmm.kvm.nested.NestedKvmHost;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace-out}: the timeline is trace-event JSON (read back by Jackson) with the vCPU's state
 * slices, MMIO events on a track per device, interrupt line events and the counters at the end. The
 * demo guest shows RUNNING/WAITING slices and the timer's PPI; a short Linux boot (the fetched guest,
 * init being busybox's poweroff) shows the UART and GIC tracks.
 */
class TraceTimelineTest {
    @TempDir Path tmp;

    private record Timeline(List<JsonNode> events) {
        Set<String> names(String ph, String cat) {
            Set<String> s = new TreeSet<>();
            for (JsonNode e : events)
                if (e.path("ph").asText().equals(ph) && (cat == null || e.path("cat").asText().equals(cat))) s.add(e.path("name").asText());
            return s;
        }

        Set<String> tracks() {
            Set<String> s = new TreeSet<>();
            for (JsonNode e : events) if (e.path("ph").asText().equals("M") && e.path("name").asText().equals("thread_name")) s.add(e.path("args").path("name").asText());
            return s;
        }

        JsonNode counter(String name) {
            for (JsonNode e : events) if (e.path("ph").asText().equals("C") && e.path("name").asText().equals(name)) return e.path("args");
            throw new AssertionError("no counter " + name);
        }
    }

    private static Timeline read(Path file) throws Exception {
        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        List<JsonNode> events = new ArrayList<>();
        doc.path("traceEvents").forEach(events::add);
        assertTrue(events.size() > 10, "events: " + events.size());
        for (JsonNode e : events) {
            assertTrue(e.has("ph") && e.has("pid") && e.has("name"), e.toString());
            if (!e.path("ph").asText().equals("M")) assertTrue(e.path("ts").isNumber(), e.toString());
        }
        return new Timeline(events);
    }

    @Test
    void theDemoGuestsTimelineHasVcpuSlicesDeviceTracksAndCounters() throws Exception {
        DemoGuestTest.assumeTcg();
        Path out = tmp.resolve("demo.json");
        InProcessVmm vmm = new InProcessVmm("run", "--accel", "tcg", "--kernel", NestedKvmHost.repoRoot().resolve("guests/demo/demo.bin").toString(),
                "--serial", "none", "--trace-out", out.toString(), "--timeout", "60");
        assertEquals(0, vmm.exitCode(90), vmm.stderr());
        Timeline t = read(out);
        assertTrue(t.names("B", "vcpu").containsAll(Set.of("RUNNING", "WAITING")), "vCPU slices: " + t.names("B", "vcpu"));
        assertTrue(t.tracks().containsAll(Set.of("vcpu0", "pl011@1c090000", "gic-distributor", "gic-cpu-interface", "interrupt lines")), t.tracks().toString());
        assertTrue(t.names("i", "mmio").containsAll(Set.of("W UARTDR", "R GICC_IAR", "W GICC_EOIR")), t.names("i", "mmio").toString());
        assertTrue(t.names("i", "irq").contains("cpu0 ppi 27 raised"), "the virtual timer's PPI: " + t.names("i", "irq"));
        assertTrue(t.counter("mmio accesses per device").path("pl011@1c090000").asLong() > 100, "the UART's count");
        assertTrue(t.counter("mmio accesses per register").path("gic-cpu-interface GICC_IAR").asLong() >= 5, "one IAR read per tick at least");
    }

    @Test
    void aShortLinuxBootsTimelineHasTheUartAndTheGic() throws Exception {
        assumeTrue(GuestCache.has("armmp-lpae"), GuestCache.missing("armmp-lpae"));
        DemoGuestTest.assumeTcg();
        Path out = tmp.resolve("linux.json");
        InProcessVmm vmm = new InProcessVmm("run", "--board", "vexpress-a15", "--accel", "tcg", "--memory", "256M",
                "--kernel", GuestCache.file("armmp-lpae", "zImage").toString(), "--initrd", GuestCache.file("armmp-lpae", "initramfs.cpio.gz").toString(),
                // busybox as init, running its poweroff applet: the boot ends as soon as user space starts
                "--append", "console=ttyAMA0 quiet rdinit=/bin/busybox -- poweroff -f", "--serial", "none",
                "--trace-out", out.toString(), "--timeout", "600");
        assertEquals(0, vmm.exitCode(660), vmm.stderr());
        Timeline t = read(out);
        assertTrue(t.names("B", "vcpu").contains("RUNNING"), t.names("B", "vcpu").toString());
        assertTrue(t.names("i", "mmio").containsAll(Set.of("W UARTDR", "R GICD_TYPER", "R GICC_IAR")), t.names("i", "mmio").toString());
        assertTrue(t.counter("mmio accesses per device").path("pl011@1c090000").asLong() > 0);
        assertTrue(t.counter("mmio accesses per device").path("gic-cpu-interface").asLong() > 0);
    }
}
