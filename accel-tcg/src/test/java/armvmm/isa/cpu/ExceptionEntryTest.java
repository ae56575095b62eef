package armvmm.isa.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.CpuMode;
import org.junit.jupiter.api.Test;

/** Exception entry and return on the CPU state alone (ARM ARM B1.8): vectors, LR, SPSR, the new CPSR. */
class ExceptionEntryTest {
    private final BasicSystemControl sys = new BasicSystemControl();
    private final ArmCpu cpu = new ArmCpu(null, sys);

    @Test
    void svcFromUserModeUsesVbarAndSavesCpsr() {
        sys.vbar = 0x8000_0000;
        cpu.setCpsr(0x6000_0010); // User, Z and C, ARM, interrupts enabled
        cpu.r[13] = 0x1234;
        cpu.takeException(ExceptionKind.SVC, 0x8000_1004);
        assertEquals(CpuMode.SVC, cpu.mode());
        assertEquals(0x8000_0008, cpu.nextPc);
        assertEquals(0x8000_1004, cpu.r[14]);
        assertEquals(0x6000_0010, cpu.spsr());
        assertTrue(cpu.maskI);
        assertFalse(cpu.maskF, "SVC leaves F alone");
        assertFalse(cpu.maskA, "SVC leaves A alone");
        assertEquals(0x1234, cpu.bankedRead(CpuMode.USR, 13), "the User SP is banked away, not lost");
    }

    @Test
    void highVectorsAndThumbEntryAndBigEndianEntry() {
        sys.sctlr |= SystemControl.SCTLR_V | SystemControl.SCTLR_TE | SystemControl.SCTLR_EE;
        cpu.setCpsr(0x1d3);
        cpu.takeExceptionAt(ExceptionKind.UNDEFINED, 0x100, 0);
        assertEquals(0xffff0004, cpu.nextPc);
        assertEquals(0x104, cpu.r[14], "ARM state: LR = instruction + 4");
        assertTrue(cpu.thumb, "SCTLR.TE: handlers run in Thumb state");
        assertTrue(cpu.bigEndian, "SCTLR.EE: CPSR.E set on entry");
        assertEquals(CpuMode.UND, cpu.mode());
    }

    @Test
    void thumbUndefinedLinkIsPlusTwoAndItStateIsSaved() {
        cpu.setCpsr(0x1f3 | 0x20);
        cpu.takeExceptionAt(ExceptionKind.UNDEFINED, 0x200, 0x16);
        assertEquals(0x202, cpu.r[14]);
        int spsr = cpu.spsr();
        assertEquals(0x16 & 3, (spsr >>> 25) & 3);
        assertEquals(0x16 >>> 2, (spsr >>> 10) & 0x3f);
        assertEquals(0, cpu.itState, "IT is cleared in the handler");
    }

    @Test
    void dataAbortAndFiqMasksAndLinks() {
        cpu.setCpsr(0x13);
        cpu.takeExceptionAt(ExceptionKind.DATA_ABORT, 0x300, 0);
        assertEquals(CpuMode.ABT, cpu.mode());
        assertEquals(0x308, cpu.r[14]);
        assertTrue(cpu.maskA && cpu.maskI && !cpu.maskF);
        assertEquals(0x10, cpu.nextPc);
        cpu.setCpsr(0x13);
        cpu.takeException(ExceptionKind.FIQ, 0x404);
        assertEquals(CpuMode.FIQ, cpu.mode());
        assertTrue(cpu.maskA && cpu.maskI && cpu.maskF);
        assertEquals(0x1c, cpu.nextPc);
    }

    @Test
    void smcGoesToMonitorModeThroughMvbar() {
        sys.mvbar = 0x9000_0000;
        sys.vbar = 0x8000_0000;
        cpu.setCpsr(0x13);
        cpu.takeException(ExceptionKind.SMC, 0x504);
        assertEquals(CpuMode.MON, cpu.mode());
        assertEquals(0x9000_0008, cpu.nextPc);
        assertEquals(0x13, cpu.spsrOf(CpuMode.MON) & 0x1f);
    }

    @Test
    void irqRoutedToMonitorBySCRIrq() {
        sys.mvbar = 0x9000_0000;
        sys.scr = SystemControl.SCR_IRQ;
        cpu.setCpsr(0x13);
        cpu.takeException(ExceptionKind.IRQ, 0x604);
        assertEquals(CpuMode.MON, cpu.mode());
        assertEquals(0x9000_0018, cpu.nextPc);
    }

    @Test
    void exceptionReturnRestoresModeAndState() {
        cpu.setCpsr(0x1d3);
        cpu.setSpsr(0x8000_0030); // N, User, Thumb
        cpu.exceptionReturn(0x1001, cpu.spsr());
        assertEquals(CpuMode.USR, cpu.mode());
        assertTrue(cpu.thumb);
        assertTrue(cpu.n);
        assertEquals(0x1000, cpu.nextPc);
    }

    @Test
    void userModeCannotChangeModeOrMasksThroughMsr() {
        cpu.setCpsr(0x10);
        cpu.writeCpsrByInstr(0xf00001d3, 0xf);
        assertEquals(CpuMode.USR, cpu.mode());
        assertFalse(cpu.maskI);
        assertTrue(cpu.n && cpu.z && cpu.c && cpu.v, "the flags are writable from User mode");
    }

    @Test
    void monitorModeIsRefusedFromNonSecureState() {
        sys.scr = SystemControl.SCR_NS;
        cpu.setCpsr(0x1d3);
        assertFalse(cpu.validMode(0x16));
        sys.scr = 0;
        assertTrue(cpu.validMode(0x16));
        assertFalse(cpu.validMode(0x1a), "Hyp mode is not modelled");
    }
}
