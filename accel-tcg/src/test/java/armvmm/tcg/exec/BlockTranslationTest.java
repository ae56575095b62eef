package armvmm.tcg.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.TlbOp;
import armvmm.cpu.CpuMode;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.memory.RamBlock;
import armvmm.tcg.TcgAccelerator;
import armvmm.tcg.TcgInstance;
import armvmm.tcg.TcgVcpu;
import armvmm.isa.cpu.ArmCpu;
import armvmm.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoded (and compiled) blocks follow the translation of their VA: a block is found again only where the
 * VA still reaches the same physical code with execute permission, after TLB maintenance and DACR changes
 * that never touch the block cache itself.
 */
class BlockTranslationTest {
    private static final int VA = 0x9000_0000;
    private static final long RAM = 0x8000_0000L, TTB = RAM, CODE_A = RAM + 0x10_0000, CODE_B = RAM + 0x20_0000;
    /** mov r0, #n ; b . */
    private static final int MOV_R0 = 0xe3a0_0000, B_SELF = 0xeaff_fffe;

    private final Machine machine = new Machine(MachineConfig.minimal("blocks", 1, 4 << 20), new VirtualClock(0));
    private final RamBlock vectors = new RamBlock("vectors", 4096);
    private final RamBlock ram = new RamBlock("ram", 4 << 20);
    private final TcgVcpu vcpu;
    private final ArmCpu cpu;

    BlockTranslationTest() {
        machine.bus().mapRam("vectors", 0, vectors);
        machine.bus().mapRam("ram", RAM, ram);
        for (int i = 0; i < 8; i++) vectors.write32(i * 4, B_SELF);
        ram.write32(CODE_A - RAM, MOV_R0 | 1);
        ram.write32(CODE_A - RAM + 4, B_SELF);
        ram.write32(CODE_B - RAM, MOV_R0 | 2);
        ram.write32(CODE_B - RAM + 4, B_SELF);
        section(0, 0);
        ram.write32(TTB - RAM, ram.read32(TTB - RAM) | 1 << 5); // the vectors in domain 1
        section(VA, CODE_A);
        TcgInstance accel = (TcgInstance) new TcgAccelerator().create(machine);
        machine.attach(accel);
        vcpu = accel.vcpus().get(0);
        cpu = vcpu.cpu();
        vcpu.cpState().write(CortexA15.TTBCR, 0);
        vcpu.cpState().write(CortexA15.TTBR0, TTB);
        vcpu.cpState().write(CortexA15.DACR, 0b0101); // domains 0 and 1: client
        vcpu.cpState().write(CortexA15.SCTLR, vcpu.cpState().peek(CortexA15.SCTLR) | 1); // SCTLR.M
    }

    @AfterEach
    void close() {
        ram.close();
        vectors.close();
    }

    /** A short-descriptor 1 MiB section, full access, domain 0, Normal memory. */
    private void section(long va, long pa) {
        ram.write32(TTB - RAM + ((va & 0xffff_ffffL) >>> 20) * 4, (int) pa | 3 << 10 | 1 << 3 | 1 << 2 | 0b10);
    }

    /** Runs from VA in SVC mode until the branch-to-self has spun a while; returns r0. */
    private int runAtVa(int compileThreshold) {
        vcpu.interpreter().compileThreshold = compileThreshold;
        cpu.setCpsr(0x1d3);
        cpu.r[0] = 0;
        cpu.nextPc = VA;
        cpu.pcWritten = true;
        vcpu.interpreter().run(50);
        return cpu.r[0];
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aRemappedVaRunsTheNewCodeAfterTlbMaintenanceOnly(int compileThreshold) {
        assertEquals(1, runAtVa(compileThreshold));
        assertEquals(VA + 4, cpu.nextPc);
        section(VA, CODE_B);
        assertEquals(1, runAtVa(compileThreshold), "without TLB maintenance the cached translation stands, as in a real TLB");
        vcpu.tlbMaintenance(TlbOp.MVA_ALL_ASID, VA);
        assertEquals(2, runAtVa(compileThreshold), "the block of the old physical code is not reused");
        section(VA, CODE_A);
        vcpu.tlbMaintenance(TlbOp.ALL, 0);
        assertEquals(1, runAtVa(compileThreshold), "and the first block is found again");
    }

    /**
     * A loop between two pages, chained block to block: a new ASID (CONTEXTIDR) moves the translation
     * generation while the global sections stay, and the links are followed on after a probe of the TLB; then
     * the guest points the second page's VA at other code and invalidates it (TLBIMVA), and the link to the
     * old code is not followed again.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void linksBetweenPagesSurviveANewAsidButNotARemap(int compileThreshold) {
        int va2 = VA + 0x10_0000;
        long codeC = RAM + 0x30_0000;
        int[] a = {
            0xe280_0001, // add r0, r0, #1
            0xe350_0032, // cmp r0, #50
            0x0e0d_8f30, // mcreq p15, 0, r8, c13, c0, 1 (CONTEXTIDR: ASID 1)
            0xe350_0064, // cmp r0, #100
            0x0586_5000, // streq r5, [r6] (the section descriptor of va2)
            0x0e08_7f37, // mcreq p15, 0, r7, c8, c7, 1 (TLBIMVA va2)
            0xea00_0000 | ((va2 - (VA + 24 + 8)) >> 2 & 0xff_ffff), // b va2
        };
        for (int i = 0; i < a.length; i++) ram.write32(CODE_A - RAM + 4 * i, a[i]);
        for (long code : new long[] {CODE_B, codeC}) {
            ram.write32(code - RAM, code == CODE_B ? 0xe281_1001 : 0xe282_2001); // add r1 (or r2), #1
            ram.write32(code - RAM + 4, 0xea00_0000 | ((VA - (va2 + 4 + 8)) >> 2 & 0xff_ffff)); // b VA
        }
        section(va2, CODE_B);
        section(RAM, RAM); // the translation table, for the guest's own store
        vcpu.interpreter().compileThreshold = compileThreshold;
        cpu.setCpsr(0x1d3);
        cpu.r[5] = (int) codeC | 3 << 10 | 1 << 3 | 1 << 2 | 0b10;
        cpu.r[6] = (int) (TTB + ((va2 & 0xffff_ffffL) >>> 20) * 4);
        cpu.r[7] = va2;
        cpu.r[8] = 1;
        cpu.nextPc = VA;
        cpu.pcWritten = true;
        long revalidated = vcpu.interpreter().linksRevalidated;
        vcpu.interpreter().run(3000);
        int loops = cpu.r[0];
        assertTrue(loops > 200, "ran " + loops + " rounds");
        assertEquals(99, cpu.r[1], "rounds through the old code of va2");
        assertTrue(loops - 99 - cpu.r[2] <= 1, "every later round through the new code: " + cpu.r[2] + " of " + loops);
        assertTrue(vcpu.interpreter().linksRevalidated > revalidated, "links followed after the new ASID");
    }

    @Test
    void aDomainMadeNoAccessStopsADecodedBlockWithAPrefetchAbort() {
        assertEquals(1, runAtVa(0));
        vcpu.cpState().write(CortexA15.DACR, 0b0100); // domain 0 (the code): no access
        runAtVa(0);
        assertEquals(CpuMode.ABT, cpu.mode());
        assertEquals(0x0c, cpu.nextPc, "at the Prefetch Abort vector");
        assertEquals(0b01001, (int) vcpu.cpState().peek(CortexA15.IFSR) & 0x40f, "IFSR: section domain fault");
        assertEquals(VA, (int) vcpu.cpState().peek(CortexA15.IFAR));
        assertEquals(VA + 4, cpu.r[14], "LR_abt: the aborted instruction + 4");
    }
}
