package armvmm.tcg.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.CpuMode;
import armvmm.isa.cpu.ArmCpu;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.memory.RamBlock;
import armvmm.tcg.TcgAccelerator;
import armvmm.tcg.TcgInstance;
import armvmm.tcg.TcgVcpu;
import armvmm.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the differential tests cannot see of translated blocks: the exact state a guest exception leaves
 * (registers and flags written back from the block's locals), code the guest rewrites, and interrupts
 * reaching a block that loops on itself. Every block here is translated on its first run.
 */
class TranslatorTest {
    private static final long RAM = 0x8000_0000L;
    private static final int B_SELF = 0xeaff_fffe;

    private final Machine machine = new Machine(MachineConfig.minimal("translator", 1, 1 << 20), new VirtualClock(0));
    private final RamBlock vectors = new RamBlock("vectors", 4096);
    private final RamBlock ram = new RamBlock("ram", 1 << 20);
    private final TcgVcpu vcpu;
    private final ArmCpu cpu;
    private final Interpreter interp;

    TranslatorTest() {
        machine.bus().mapRam("vectors", 0, vectors);
        machine.bus().mapRam("ram", RAM, ram);
        for (int i = 0; i < 8; i++) vectors.write32(i * 4, B_SELF);
        TcgInstance accel = (TcgInstance) new TcgAccelerator().create(machine);
        machine.attach(accel);
        vcpu = accel.vcpus().get(0);
        cpu = vcpu.cpu();
        interp = vcpu.interpreter();
        interp.setJit(JitMode.TRANSLATE);
        interp.compileThreshold = 1;
    }

    @AfterEach
    void close() {
        ram.close();
        vectors.close();
    }

    private void code(long pa, int... words) {
        for (int i = 0; i < words.length; i++) ram.write32(pa - RAM + 4L * i, words[i]);
    }

    private void startAt(long pa) {
        cpu.setCpsr(0x1d3); // SVC, IRQ and FIQ masked
        cpu.nextPc = (int) pa;
        cpu.pcWritten = true;
    }

    @Test
    void aDataAbortInATranslatedBlockLeavesTheStateBeforeTheFaultingInstruction() {
        long at = RAM + 0x1000;
        code(at,
                0xe3a0_1005,  // mov r1, #5
                0xe281_1001,  // add r1, r1, #1
                0xe3b0_3000,  // movs r3, #0      (Z set, N clear)
                0xe592_0000,  // ldr r0, [r2]     (r2: nothing mapped there)
                0xe281_1064,  // add r1, r1, #100 (never reached)
                B_SELF);
        startAt(at);
        cpu.r[0] = 0x1234;
        cpu.r[2] = 0x4000_0000;
        interp.run(20);
        assertTrue(interp.blocksTranslated >= 1, "the block was translated");
        assertEquals(0, interp.compileFailures);
        assertEquals(CpuMode.ABT, cpu.mode(), "a Data Abort (external: nothing at that address)");
        assertEquals(0x10, cpu.nextPc & ~3, "at the Data Abort vector");
        assertEquals((int) at + 12 + 8, cpu.r[14], "LR_abt: the LDR's address + 8");
        assertEquals(6, cpu.r[1], "the instructions before the fault took effect, those after did not");
        assertEquals(0x1234, cpu.r[0], "the faulting load wrote nothing");
        int spsr = cpu.spsr();
        assertEquals(1 << 30, spsr & 0xf000_0000, "SPSR_abt: the flags of MOVS (Z) as the block left them");
    }

    @Test
    void codeTheGuestOverwritesRunsAsWritten() {
        long x = RAM + 0x2000, done = RAM + 0x2100, patch = RAM + 0x2200;
        code(x, 0xe3a0_0001, 0xea00_003d); // mov r0, #1 ; b done (x + 4 + 8 + 0x3d * 4 = done)
        code(done, B_SELF);
        code(patch, 0xe585_4000, 0xeaff_ff7d); // str r4, [r5] ; b x (patch + 4 + 8 - 0x83 * 4 = x)
        startAt(x);
        interp.run(20);
        assertEquals(1, cpu.r[0]);
        assertEquals((int) done, cpu.nextPc);
        long translated = interp.blocksTranslated;
        cpu.r[4] = 0xe3a0_0002; // mov r0, #2
        cpu.r[5] = (int) x;
        startAt(patch);
        interp.run(20);
        assertEquals(2, cpu.r[0], "the store to translated code dropped its block; the new instruction ran");
        assertTrue(interp.blocksTranslated > translated, "the new code was translated in turn");
    }

    @Test
    void aBlockLoopingOnItselfStillTakesAnInterrupt() throws InterruptedException {
        long at = RAM + 0x3000;
        code(at, 0xe281_1001, 0xeaff_fffd); // 1: add r1, r1, #1 ; b 1b
        startAt(at);
        cpu.setCpsr(0x153); // SVC, IRQs enabled
        Thread irq = new Thread(() -> {
            try {
                Thread.sleep(200);
                interp.setIrq(true);
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            interp.requestExit();
        });
        irq.start();
        interp.run(Long.MAX_VALUE);
        irq.join();
        assertTrue(interp.blocksTranslated >= 1, "the loop was translated");
        assertTrue(cpu.r[1] != 0, "the loop ran");
        assertEquals(CpuMode.IRQ, cpu.mode(), "the interrupt was taken while the loop ran");
        assertEquals(0x18, cpu.nextPc, "at the IRQ vector's branch to itself");
    }
    @Test
    void theCodeCacheBoundDropsOldCodeWhichTheJvmCanThenCollect() throws InterruptedException {
        interp.compileThreshold = 10;
        interp.codeCacheLimit = 1; // every new translation finds the cache full
        long a = RAM + 0x6000, b = RAM + 0x7000;
        code(a, 0xe281_1001,   // a: add r1, r1, #1
                0xe351_0ffa,   //    cmp r1, #1000
                0x1aff_fffc,   //    bne a
                0xea00_03fb);  //    b b
        code(b, 0xe282_2001,   // b: add r2, r2, #1
                0xe352_0ffa,   //    cmp r2, #1000
                0x1aff_fffc,   //    bne b
                B_SELF);
        startAt(a);
        interp.run(600);
        CompiledBlock first = interp.cache().lookup((int) a, a, false, 0, false).compiled;
        assertTrue(first != null, "the first loop was translated");
        java.lang.ref.WeakReference<CompiledBlock> dropped = new java.lang.ref.WeakReference<>(first);
        first = null;
        interp.run(20_000);
        assertEquals(1000, cpu.r[1]);
        assertEquals(1000, cpu.r[2]);
        assertEquals((int) b + 12, cpu.nextPc);
        assertTrue(interp.codeCacheFlushes >= 2, "the second loop's translation dropped the first's: " + interp.codeCacheFlushes);
        assertTrue(interp.cache().lookup((int) a, a, false, 0, false).compiled == null, "the first loop's block is interpreted again");
        for (int i = 0; i < 20 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(dropped.get() == null, "nothing holds the dropped code");
    }

    @Test
    void loadAndStoreMultipleInOnePageAcrossPagesAndFaultingHalfWay() {
        long at = RAM + 0x8000;
        code(at, 0xe8a0_001e,   // stmia r0!, {r1-r4}     (in one page: one TLB probe)
                0xe915_01e0,    // ldmdb r5, {r5-r8}      (across a page boundary: word by word)
                0xe899_1e00,    // ldmia r9, {r9-r12}     (its last two words beyond RAM: a Data Abort)
                B_SELF);
        // twice: the first run fills the TLB (each transfer then goes word by word), the second finds the
        // pages in it (the STM in one page takes the single-probe path)
        for (int pass = 0; pass < 2; pass++) {
            startAt(at);
            cpu.r[0] = (int) (RAM + 0x9100);
            cpu.r[1] = 0x11; cpu.r[2] = 0x22; cpu.r[3] = 0x33 + pass; cpu.r[4] = 0x44 + pass;
            cpu.r[5] = (int) (RAM + 0xa008);
            ram.write32(0xa000 - 8, 0x55); ram.write32(0xa000 - 4, 0x66); ram.write32(0xa000, 0x77); ram.write32(0xa004, 0x88);
            cpu.r[9] = (int) (RAM + (1 << 20) - 8);
            cpu.r[10] = 0xaaaa; cpu.r[11] = 0xbbbb; cpu.r[12] = 0xcccc;
            interp.run(20);
        }
        assertTrue(interp.blocksTranslated >= 1, "the block was translated");
        assertEquals(0x34, ram.read32(0x9108));
        assertEquals(0x45, ram.read32(0x910c));
        assertEquals((int) (RAM + 0x9110), cpu.r[0], "written back");
        assertEquals(0x55, cpu.r[5]);
        assertEquals(0x66, cpu.r[6]);
        assertEquals(0x77, cpu.r[7]);
        assertEquals(0x88, cpu.r[8]);
        assertEquals(CpuMode.ABT, cpu.mode(), "a Data Abort (nothing mapped after RAM)");
        assertEquals((int) at + 8 + 8, cpu.r[14], "LR_abt: the LDM's address + 8");
        assertEquals((int) (RAM + (1 << 20) - 8), cpu.r[9], "no register of the faulting LDM was loaded");
        assertEquals(0xaaaa, cpu.r[10]);
        assertEquals(0xbbbb, cpu.r[11]);
        assertEquals(0xcccc, cpu.r[12]);
    }

    /** MOV r1, #5; VADD.F64 d0, d1, d2; ADD r1, r1, #1; B . */
    private static final int[] VFP_BETWEEN_INTEGER_OPS = {0xe3a0_1005, 0xee31_0b02, 0xe281_1001, B_SELF};

    @Test
    void aVfpCallOutBetweenIntegerOpsKeepsTheRegistersInLocals() {
        long at = RAM + 0xb000, body = at + 0x100;
        code(at, 0xe300_0000,   // movw r0, #0
                0xe340_00f0,    // movt r0, #0xf0
                0xee01_0f50,    // mcr p15, 0, r0, c1, c0, 2   CPACR: cp10, cp11 full access
                0xf57f_f06f,    // isb
                0xe3a0_0101,    // mov r0, #0x40000000
                0xeee8_0a10,    // vmsr fpexc, r0              FPEXC.EN
                0xea00_0038);   // b body
        code(body, VFP_BETWEEN_INTEGER_OPS);
        startAt(at);
        cpu.d[1] = Double.doubleToRawLongBits(1.0);
        cpu.d[2] = Double.doubleToRawLongBits(2.0);
        interp.run(50);
        assertTrue(interp.blocksTranslated >= 1);
        assertEquals(6, cpu.r[1], "the ADD after the call-out saw the MOV before it");
        assertEquals(3.0, Double.longBitsToDouble(cpu.d[0]));
        assertEquals((int) body + 12, cpu.nextPc);
    }

    @Test
    void anUndefinedVfpCallOutLeavesTheRegistersOfTheInstructionsBeforeIt() {
        long at = RAM + 0xc000;
        code(at, VFP_BETWEEN_INTEGER_OPS); // VFP disabled (CPACR and FPEXC at reset): the VADD is UNDEFINED
        startAt(at);
        interp.run(20);
        assertTrue(interp.blocksTranslated >= 1);
        assertEquals(CpuMode.UND, cpu.mode());
        assertEquals(5, cpu.r[1], "the MOV's result was written back, the ADD never ran");
        assertEquals((int) at + 8, cpu.r[14], "LR_und: the VADD's address + 4");
    }

    @Test
    void aLoopOverTwoBlocksRunsAsOneRegion() {
        interp.compileThreshold = 10; // the second block has run by the time the first is translated
        long x = RAM + 0x4000, done = x + 24;
        code(x, 0xe281_1001,   // x:      add r1, r1, #1
                0xe351_00c8,   //         cmp r1, #200
                0x0a00_0002,   //         beq done
                0xe082_2001,   //         add r2, r2, r1
                0xeaff_fffa,   //         b x
                0);
        code(done, B_SELF);
        startAt(x);
        interp.run(5_000);
        assertTrue(interp.regionMembers > interp.blocksTranslated, "a region took in more than its entry block");
        assertEquals(0, interp.compileFailures);
        assertEquals(200, cpu.r[1]);
        assertEquals(199 * 200 / 2, cpu.r[2], "every round's add ran once, in order");
        assertEquals((int) done, cpu.nextPc);
    }

    @Test
    void aDataAbortInARegionsSecondBlockLeavesTheStateBeforeTheFaultingInstruction() {
        interp.compileThreshold = 10;
        long x = RAM + 0x5000;
        code(x, 0xe281_1001,   // x:      add r1, r1, #1
                0xe351_0064,   //         cmp r1, #100
                0x0a00_0003,   //         beq done
                0xe282_2001,   //         add r2, r2, #1
                0xe351_0032,   //         cmp r1, #50
                0x0594_0000,   //         ldreq r0, [r4]   (r4: nothing mapped there)
                0xeaff_fff8,   //         b x
                B_SELF);       // done
        startAt(x);
        cpu.r[0] = 0x1234;
        cpu.r[4] = 0x4000_0000;
        interp.run(5_000);
        assertTrue(interp.regionMembers > interp.blocksTranslated, "a region took in more than its entry block");
        assertEquals(CpuMode.ABT, cpu.mode(), "a Data Abort (external: nothing at that address)");
        assertEquals((int) x + 20 + 8, cpu.r[14], "LR_abt: the LDR's address + 8");
        assertEquals(50, cpu.r[1]);
        assertEquals(50, cpu.r[2], "the second block's instructions before the LDR ran in the faulting round");
        assertEquals(0x1234, cpu.r[0], "the faulting load wrote nothing");
        assertEquals(0x6000_0000, cpu.spsr() & 0xf000_0000, "SPSR_abt: Z and C of cmp r1, #50 (equal)");
    }
}
