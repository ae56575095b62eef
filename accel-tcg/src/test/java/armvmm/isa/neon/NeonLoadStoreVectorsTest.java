package armvmm.isa.neon;


import armvmm.isa.decode.Insn;
import armvmm.isa.decode.UndefinedInsn;
import armvmm.isa.mem.MemoryAbort;
import armvmm.isa.vfp.RecordedVectors;
import armvmm.isa.vfp.TestMachine;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Replays random VLD1-4/VST1-4 encodings recorded on qemu-arm (-cpu cortex-a15), with Rn = r6 pointing into a
 * 512-byte buffer (at an offset from 128 that exercises the alignment qualifiers) and Rm = r7, SP (writeback
 * by the transfer size) or PC (none): UNDEF, ALIGN (an alignment fault), or r6 afterwards with every changed
 * D register and buffer byte. The generator is src/test/resources/armvmm/isa/neon/gen-neon-ls-vectors.c;
 * {@code -Dneon.ls.vectors=FILE} replays a bigger file.
 */
class NeonLoadStoreVectorsTest {
    private static final int BUFFER = 0x4000;


    @Test
    void recordedResultsMatch() throws IOException {
        RecordedVectors.replay(NeonLoadStoreVectorsTest.class, "neon-ls-vectors.txt.gz", "neon.ls.vectors", this::replay);
    }

    private String replay(String line) {
        String[] w = line.split(" ");
        int enc = (int) Long.parseLong(w[0], 16);
        long seed = Long.parseUnsignedLong(w[1], 16);
        int off = Integer.parseInt(w[2]);
        int r7 = Integer.parseInt(w[3]);
        TestMachine m = new TestMachine();
        Insn insn = m.decoder.decodeA32(enc, 0x1000);
        String name = insn == null ? "null" : insn.toString().replaceAll("[ @].*", "");
        if (w[4].equals("UNDEF")) {
            return insn instanceof UndefinedInsn ? null : name + ": executes what qemu finds UNDEFINED";
        }
        if (insn == null || insn instanceof UndefinedInsn) {
            return String.format("%08x: UNDEFINED here, defined in qemu", enc & 0xffa00f00);
        }
        RecordedVectors.Xorshift rnd = new RecordedVectors.Xorshift(seed);
        for (int i = 0; i < 32; i++) {
            m.cpu.d[i] = rnd.next();
        }
        for (int i = 0; i < 512; i++) {
            m.ram[BUFFER + i] = (byte) rnd.next();
        }
        long[] expectedD = m.cpu.d.clone();
        byte[] expectedMem = java.util.Arrays.copyOfRange(m.ram, BUFFER, BUFFER + 512);
        m.cpu.r[6] = BUFFER + 128 + off;
        m.cpu.r[7] = r7;
        try {
            insn.execute(m.cpu);
        } catch (MemoryAbort abort) {
            return w[4].equals("ALIGN") ? null : name + ": alignment fault here, none in qemu";
        }
        if (w[4].equals("ALIGN")) {
            return name + ": no alignment fault here, qemu faults";
        }
        for (int i = 5; i < w.length; i++) {
            String[] kv = w[i].substring(1).split(":");
            if (w[i].charAt(0) == 'd') {
                expectedD[Integer.parseInt(kv[0])] = Long.parseUnsignedLong(kv[1], 16);
            } else {
                expectedMem[Integer.parseInt(kv[0])] = (byte) Integer.parseInt(kv[1], 16);
            }
        }
        if (m.cpu.r[6] != BUFFER + Integer.parseInt(w[4])) {
            return String.format("%s: r6 expected %x got %x", name, BUFFER + Integer.parseInt(w[4]), m.cpu.r[6]);
        }
        for (int i = 0; i < 32; i++) {
            if (m.cpu.d[i] != expectedD[i]) {
                return String.format("%s: d%d expected %016x got %016x", name, i, expectedD[i], m.cpu.d[i]);
            }
        }
        for (int i = 0; i < 512; i++) {
            if (m.ram[BUFFER + i] != expectedMem[i]) {
                return String.format("%s: byte %d expected %02x got %02x", name, i, expectedMem[i], m.ram[BUFFER + i]);
            }
        }
        return null;
    }
}
