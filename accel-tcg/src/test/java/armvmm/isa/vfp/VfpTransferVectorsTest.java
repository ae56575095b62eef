package armvmm.isa.vfp;

import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Insn;
import armvmm.isa.decode.UndefinedInsn;
import armvmm.isa.mem.MemoryAbort;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Replays random VFP loads and stores (VLDR/VSTR/VLDM/VSTM) and core-register transfers (VMOV to and from S,
 * D and scalars, VDUP, VMRS/VMSR FPSCR) recorded on qemu-arm (-cpu cortex-a15): Rn is r6 into a 512-byte
 * buffer, transfer registers r4-r11, all generated from a seed. Each record is UNDEF, ALIGN, or the FPSCR
 * afterwards with the changed D registers, core registers (r6 as an offset into the buffer) and buffer bytes.
 * The generator is src/test/resources/armvmm/isa/vfp/gen-transfer-vectors.c.
 */
class VfpTransferVectorsTest {
    private static final int BUFFER = 0x4000;

    @Test
    void recordedResultsMatch() throws IOException {
        RecordedVectors.replay(VfpTransferVectorsTest.class, "vfp-transfers.txt.gz", "vfp.transfers", this::replay);
    }

    private String replay(String line) {
        String[] w = line.split(" ");
        int enc = (int) Long.parseLong(w[0], 16);
        long seed = Long.parseUnsignedLong(w[1], 16);
        int off = Integer.parseInt(w[2]);
        TestMachine m = new TestMachine();
        Insn insn = m.decoder.decodeA32(enc, 0x1000);
        if (insn == null) {
            return String.format("%08x: not decoded", enc);
        }
        String name = insn.toString().replaceAll("[ @].*", "");
        RecordedVectors.Xorshift rnd = new RecordedVectors.Xorshift(seed);
        for (int i = 0; i < 32; i++) {
            m.cpu.d[i] = rnd.next();
        }
        for (int i = 4; i < 12; i++) {
            m.cpu.r[i] = (int) rnd.next();
        }
        for (int i = 0; i < 512; i++) {
            m.ram[BUFFER + i] = (byte) rnd.next();
        }
        m.cpu.r[6] = BUFFER + 128 + off;
        m.cpu.fpscr = 0;
        long[] expectedD = m.cpu.d.clone();
        int[] expectedR = m.cpu.r.clone();
        byte[] expectedMem = Arrays.copyOfRange(m.ram, BUFFER, BUFFER + 512);
        try {
            insn.execute(m.cpu);
        } catch (Undefined u) {
            return w[3].equals("UNDEF") ? null : name + ": UNDEFINED here, defined in qemu";
        } catch (MemoryAbort a) {
            return w[3].equals("ALIGN") ? null : name + ": alignment fault here, none in qemu";
        }
        if (w[3].equals("UNDEF") || w[3].equals("ALIGN")) {
            return name + ": executes, qemu has " + w[3];
        }
        if (insn instanceof UndefinedInsn) {
            return name + ": UNDEFINED form executed";
        }
        for (int i = 4; i < w.length; i++) {
            String[] kv = w[i].substring(1).split(":");
            int k = Integer.parseInt(kv[0]);
            switch (w[i].charAt(0)) {
                case 'd' -> expectedD[k] = Long.parseUnsignedLong(kv[1], 16);
                case 'r' -> expectedR[k] = (int) Long.parseLong(kv[1], 16) + (k == 6 ? BUFFER : 0);
                default -> expectedMem[k] = (byte) Integer.parseInt(kv[1], 16);
            }
        }
        int expectedFpscr = (int) Long.parseLong(w[3], 16);
        if (m.cpu.fpscr != expectedFpscr) {
            return String.format("%s: fpscr expected %08x got %08x", name, expectedFpscr, m.cpu.fpscr);
        }
        for (int i = 0; i < 32; i++) {
            if (m.cpu.d[i] != expectedD[i]) {
                return String.format("%s: d%d expected %016x got %016x", name, i, expectedD[i], m.cpu.d[i]);
            }
        }
        for (int i = 4; i < 12; i++) {
            if (m.cpu.r[i] != expectedR[i]) {
                return String.format("%s: r%d expected %08x got %08x", name, i, expectedR[i], m.cpu.r[i]);
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
