package armvmm.snapshot;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.accel.Vcpu;
import armvmm.accel.VcpuDebug;
import armvmm.cpu.CoreReg;
import armvmm.machine.Machine;
import armvmm.machine.StubMachine;
import armvmm.memory.RamBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine saved and restored into another of the same configuration: RAM, core, VFP and clock come back. */
class MachineSnapshotTest {
    @TempDir Path dir;

    static RamBlock ram(Machine m) { return m.bus().regions().get(0).ram(); }

    /** Two vCPUs with distinct registers, RAM with three non-zero pages out of sixteen, the clock at 5 ms. */
    static Machine sample() {
        Machine m = StubMachine.create(2);
        for (Vcpu v : m.vcpus()) {
            v.writeRegisters(v.readRegisters().with(CoreReg.R0, 0x1000 + v.index()).with(CoreReg.SP_IRQ, 0x8000_0000 + v.index())
                    .with(CoreReg.PC, 0x8000_8000 + 4 * v.index()));
            VcpuDebug d = v.debug().orElseThrow();
            for (int i = 0; i < 32; i++) d.writeD(i, 0x0123_4567_89ab_cdefL * (i + 1) + v.index());
            d.writeFpscr(0x0300_0000);
        }
        RamBlock ram = ram(m);
        ram.write32(0x10, 0xdeadbeef);
        ram.write32(5 * 4096 + 4092, 0x12345678);
        for (int i = 0; i < 4096; i += 4) ram.write32(9 * 4096 + i, i * 2654435761L > 0 ? i : ~i);
        ((armvmm.time.VirtualClock) m.clock()).advance(5_000_000);
        return m;
    }

    @Test
    void aRestoredMachineHasTheSavedRamRegistersAndClock() throws IOException {
        Machine a = sample();
        Path file = dir.resolve("a.snap");
        MachineSnapshot.Saved saved = MachineSnapshot.save(a, file);
        assertEquals(3, saved.ramPagesStored(), "only the non-zero pages are stored");
        assertEquals(StubMachine.RAM_SIZE / 4096, saved.ramPagesTotal());
        assertEquals(Files.size(file), saved.fileBytes());

        Machine b = StubMachine.create(2);
        ram(b).write32(7 * 4096, 0x77); // what the board loaded: a restore clears it, page 7 is zero in the snapshot
        MachineSnapshot.restore(b, file);
        byte[] ra = new byte[StubMachine.RAM_SIZE], rb = new byte[StubMachine.RAM_SIZE];
        ram(a).read(0, ra, 0, ra.length);
        ram(b).read(0, rb, 0, rb.length);
        assertArrayEquals(ra, rb);
        for (int i = 0; i < 2; i++) {
            Vcpu va = a.vcpus().get(i), vb = b.vcpus().get(i);
            assertEquals(va.readRegisters(), vb.readRegisters());
            for (int n = 0; n < 32; n++) assertEquals(va.debug().orElseThrow().readD(n), vb.debug().orElseThrow().readD(n));
            assertEquals(0x0300_0000, vb.debug().orElseThrow().readFpscr());
        }
        assertEquals(5_000_000, b.clock().nanos(), "the clock goes on from the saved time");
    }

    @Test
    void aSnapshotOfAnotherShapeIsRefusedInOneLine() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Machine a = sample();
        MachineSnapshot.write(a, a.vcpus().stream().map(v -> v.debug().orElseThrow()).toList(), out);
        var e = assertThrows(SnapshotFormatException.class, () -> MachineSnapshot.restore(StubMachine.create(1), new ByteArrayInputStream(out.toByteArray())));
        assertEquals("the snapshot has 2 CPUs, this machine 1 (give --cpus 2)", e.getMessage());
    }

    @Test
    void aCorruptLengthIsRefusedBeforeAnythingIsAllocated() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnapshotFile.Writer w = new SnapshotFile.Writer(out, new SnapshotHeader(1, "stub", 1, 4096))) {
            w.section("machine", new ByteArrayOutputStream());
        }
        byte[] b = out.toByteArray();
        int lengthAt = b.length - 4 - 4; // the section's u32 length, then its (empty) body, then its CRC
        b[lengthAt] = 0x7f;
        SnapshotFile.Reader r = new SnapshotFile.Reader(new ByteArrayInputStream(b));
        var e = assertThrows(SnapshotFormatException.class, r::next);
        assertTrue(e.getMessage().startsWith("section machine: corrupt length "), e.getMessage());
    }
}
