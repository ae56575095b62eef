package armvmm.isa.vfp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cpu.CpuMode;
import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.UndefinedInsn;
import armvmm.isa.mem.MemoryAbort;
import org.junit.jupiter.api.Test;

/** VFP instructions decoded from their real encodings (taken from GNU as) and executed on a CPU. */
class VfpExecutionTest {
    private final TestMachine m = new TestMachine();

    @Test
    void loadConvertAddCompareStoreAsGccEmitsThem() {
        m.cpu.r[0] = 0x100;
        m.write32(0x100, 0);
        m.write32(0x104, 0x3ff80000); // 1.5
        m.write32(0x108, Float.floatToIntBits(2.25f));
        m.runA32(0xed900b00, // vldr d0, [r0]
                0xed901a02, // vldr s2, [r0, #8]
                0xeeb71ac1, // vcvt.f64.f32 d1, s2
                0xee302b01, // vadd.f64 d2, d0, d1
                0xeeb42bc0, // vcmpe.f64 d2, d0
                0xeef1fa10, // vmrs APSR_nzcv, fpscr
                0xed802b04); // vstr d2, [r0, #16]
        assertEquals(3.75, Double.longBitsToDouble(m.cpu.d[2]));
        assertEquals(Double.doubleToLongBits(3.75), (m.read32(0x110) & 0xffffffffL) | ((long) m.read32(0x114) << 32));
        // 3.75 > 1.5: N=0 Z=0 C=1 V=0 in FPSCR and, after VMRS, in the CPSR.
        assertEquals(FpCompare.GREATER, m.cpu.fpscr & Fpscr.NZCV);
        assertTrue(m.cpu.c && !m.cpu.z && !m.cpu.n && !m.cpu.v);
    }

    @Test
    void pushPopAndCoreTransfers() {
        m.cpu.r[13] = 0x800;
        m.cpu.d[0] = 0x1111111122222222L;
        m.cpu.d[1] = 0x3333333344444444L;
        m.cpu.d[2] = 0x5555555566666666L;
        m.cpu.r[2] = 0xa1b2c3d4;
        m.runA32(0xed2d0b06, // vpush {d0-d2}
                0xecbd8b06, // vpop {d8-d10}
                0xec598b12, // vmov r8, r9, d2
                0xee232b10, // vmov.32 d3[1], r2
                0xeef3ab30, // vmov.u8 r10, d3[5]
                0xee33bb70, // vmov.s16 r11, d3[3]
                0xeee42b10, // vdup.8 q2, r2
                0xee0f2a90); // vmov s31, r2
        assertEquals(0x800, m.cpu.r[13]);
        assertEquals(0x22222222, m.read32(0x800 - 24));
        assertEquals(0x1111111122222222L, m.cpu.d[8]);
        assertEquals(0x5555555566666666L, m.cpu.d[10]);
        assertEquals(0x66666666, m.cpu.r[8]);
        assertEquals(0x55555555, m.cpu.r[9]);
        assertEquals(0xa1b2c3d400000000L, m.cpu.d[3]);
        assertEquals(0xc3, m.cpu.r[10]);
        assertEquals((int) (short) 0xa1b2, m.cpu.r[11]);
        assertEquals(0xd4d4d4d4d4d4d4d4L, m.cpu.d[4]);
        assertEquals(0xd4d4d4d4d4d4d4d4L, m.cpu.d[5]);
        assertEquals(0xa1b2c3d4L, m.cpu.d[15] >>> 32);
    }

    @Test
    void conversionsImmediatesAndFlags() {
        m.cpu.d[2] = Double.doubleToLongBits(-7.75);
        m.cpu.fpscr = 3 << Fpscr.RMODE_SHIFT; // VCVT ignores RMode: always towards zero
        m.runA32(0xeebd0bc2, // vcvt.s32.f64 s0, d2
                0xeeff0a08, // vmov.f32 s1, #-1.5
                0xeef11ae0, // vsqrt.f32 s3, s1
                0xeef1ca10); // vmrs r12, fpscr
        assertEquals(-7, (int) m.cpu.d[0]);
        assertEquals(0xbfc00000L, m.cpu.d[0] >>> 32);
        assertEquals(0x7fc00000L, ExtensionRegisters.s(m.cpu, 3), "sqrt of a negative number is the default NaN");
        assertEquals(Fpscr.IOC | Fpscr.IXC, m.cpu.r[12] & Fpscr.CUMULATIVE);
    }

    @Test
    void multipleTransfersWithWriteback() {
        m.cpu.r[0] = 0x200;
        m.cpu.r[1] = 0x400;
        for (int i = 0; i < 4; i++) {
            m.write32(0x200 + 4 * i, i + 1);
        }
        for (int i = 16; i < 32; i++) {
            m.cpu.d[i] = i;
        }
        m.runA32(0xecb02a04, // vldmia r0!, {s4-s7}
                0xed610b20); // vstmdb r1!, {d16-d31}
        assertEquals(0x210, m.cpu.r[0]);
        assertEquals(0x0000000200000001L, m.cpu.d[2]);
        assertEquals(0x0000000400000003L, m.cpu.d[3]);
        assertEquals(0x400 - 128, m.cpu.r[1]);
        assertEquals(16, m.read32(0x400 - 128));
        assertEquals(31, m.read32(0x400 - 8));
    }

    @Test
    void fixedPointHalfPrecisionAndFusedMultiplyAdd() {
        ExtensionRegisters.setS(m.cpu, 3, 12); // 12 / 2^3 = 1.5
        ExtensionRegisters.setS(m.cpu, 0, Float.floatToIntBits(-2.0f));
        ExtensionRegisters.setS(m.cpu, 2, 0x5555);
        ExtensionRegisters.setS(m.cpu, 1, Float.floatToIntBits(10f));
        m.runA32(0xeefb1a66, // vcvt.f32.u16 s3, s3, #3
                0xeeb31ac0); // vcvtt.f16.f32 s2, s0
        assertEquals(1.5f, Float.intBitsToFloat((int) ExtensionRegisters.s(m.cpu, 3)));
        assertEquals(0xc0005555L, ExtensionRegisters.s(m.cpu, 2), "half -2.0 in the top half, bottom kept");
        ExtensionRegisters.setS(m.cpu, 2, Float.floatToIntBits(4f));
        m.runA32(0xeee10a21); // vfma.f32 s1, s2, s3
        assertEquals(16f, Float.intBitsToFloat((int) ExtensionRegisters.s(m.cpu, 1)));
    }

    @Test
    void thumbEncodingsAreTheArmOnesWithConditionAlways() {
        m.cpu.d[0] = Double.doubleToLongBits(2);
        m.cpu.d[1] = Double.doubleToLongBits(3);
        m.runT32(0xee302b01); // vadd.f64 d2, d0, d1
        assertEquals(5.0, Double.longBitsToDouble(m.cpu.d[2]));
    }

    @Test
    void thumbAdvancedSimdEncodingsAreConvertedToTheirArmForms() {
        m.cpu.r[1] = 0x300;
        for (int i = 0; i < 16; i++) {
            m.ram[0x300 + i] = (byte) (i + 1);
        }
        m.cpu.d[2] = 0x0010_0020_0040_0080L;
        m.cpu.d[4] = 0x1234_5678_9abc_def0L;
        m.runT32(0xf9610a0d, // vld1.8 {d16-d17}, [r1]!
                0xef4028e0, // vadd.i8 q9, q8, q8
                0xef810052, // vmov.i32 q0, #18
                0xff9d1012, // vshr.u16 d1, d2, #3
                0xec532b14); // vmov r2, r3, d4
        assertEquals(0x310, m.cpu.r[1]);
        assertEquals(0x100e0c0a08060402L, m.cpu.d[18]);
        assertEquals(0x0000001200000012L, m.cpu.d[0]);
        assertEquals(0x0002_0004_0008_0010L, m.cpu.d[1]);
        assertEquals(0x9abcdef0, m.cpu.r[2]);
        assertEquals(0x12345678, m.cpu.r[3]);
        assertEquals(null, m.decoder.decodeT32(0xf9910004, 0x1000), "ldrsb.w is the CPU's, not Advanced SIMD");
    }

    @Test
    void disabledUnitIsUndefinedButFpexcStaysReachableAtPl1() {
        m.cpu.fpexc = 0;
        assertThrows(Undefined.class, () -> m.runA32(0xee302b01));
        m.runA32(0xeef84a10, 0xeef05a10, 0xeef76a10, 0xeef67a10); // vmrs r4..r7, fpexc/fpsid/mvfr0/mvfr1
        assertEquals(0, m.cpu.r[4]);
        assertEquals(0x410430f0, m.cpu.r[5]);
        assertEquals(0x10110222, m.cpu.r[6]);
        assertEquals(0x11111111, m.cpu.r[7]);
        m.cpu.r[3] = 0xffffffff;
        m.runA32(0xeee83a10); // vmsr fpexc, r3 (the kernel's lazy enable)
        assertEquals(VfpAccess.FPEXC_EN | VfpAccess.FPEXC_EX, m.cpu.fpexc);
        m.runA32(0xee302b01);
    }

    @Test
    void userModeAndCpacrRefuseAccess() {
        m.cpu.setMode(CpuMode.USR);
        assertThrows(Undefined.class, () -> m.runA32(0xeef84a10), "FPEXC is PL1 only");
        m.runA32(0xee302b01); // CPACR grants PL0 access by default
        m.sys.cpacr = 0x5 << 20; // cp10/cp11: PL1 only
        assertThrows(Undefined.class, () -> m.runA32(0xee302b01));
        m.cpu.setMode(CpuMode.SVC);
        m.runA32(0xee302b01);
        m.sys.cpacr = 0;
        assertThrows(Undefined.class, () -> m.runA32(0xeef84a10), "no cp10 access at all");
        m.sys.cpacr = 0xf << 20;
        m.sys.scr = 1; // Non-secure
        m.sys.nsacr = 0;
        assertThrows(Undefined.class, () -> m.runA32(0xee302b01), "NSACR.cp10 clear");
    }

    @Test
    void misalignedVldrFaults() {
        m.cpu.r[0] = 0x102;
        assertThrows(MemoryAbort.class, () -> m.runA32(0xed900b00));
    }

    @Test
    void fpscrWritesKeepOnlyImplementedBits() {
        m.cpu.r[0] = 0xffffffff;
        m.runA32(0xeee10a10, 0xeef1ca10); // vmsr fpscr, r0; vmrs r12, fpscr
        assertEquals(Fpscr.WRITABLE, m.cpu.r[12]);
    }

    @Test
    void unpredictableAndReservedFormsAreUndefined() {
        assertInstanceOf(UndefinedInsn.class, m.decodeA32(0xec5f8b12), "vmov r8, pc, d2");
        assertInstanceOf(UndefinedInsn.class, m.decodeA32(0xeeb60a40), "opc2 0110 (VRINT in ARMv8)");
        assertInstanceOf(UndefinedInsn.class, m.decodeA32(0xfd900b00), "unconditional LDC2 to cp11");
    }
}
