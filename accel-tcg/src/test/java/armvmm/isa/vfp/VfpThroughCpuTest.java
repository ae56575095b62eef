package armvmm.isa.vfp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import armvmm.isa.decode.Coprocessors;
import armvmm.isa.decode.Decoders;
import armvmm.tcg.exec.Interpreter;
import armvmm.isa.mem.CodePages;
import org.junit.jupiter.api.Test;

/**
 * A short program through the CPU's interpreter, its decoders and the ServiceLoader-registered extension:
 * the first VFP instruction finds FPEXC.EN clear and takes the Undefined Instruction exception, the handler
 * enables the unit and returns to retry it (the kernel's lazy VFP switching), then VFP arithmetic in a loop,
 * VCVT, a NEON VLD1/VADD/VST1 with writeback, and VCMP/VMRS APSR_nzcv steering a conditional move.
 */
class VfpThroughCpuTest {
    /**
     * GNU as output of: vectors (b reset; b undef; b . x6); undef: add r9, r9, #1; mov r10, #0x40000000;
     * vmsr fpexc, r10; subs pc, lr, #4; reset: mov r9, #0; ldr r1, =src; ldr r2, =dst; vmov.f64 d0, #1.0;
     * vmov.f64 d1, #0.5; mov r3, #10; loop: vadd.f64 d0, d0, d1; subs r3, r3, #1; bne loop;
     * vcvt.s32.f64 s4, d0; vmov r4, s4; vld1.8 {d16-d17}, [r1]!; vadd.i8 q9, q8, q8; vst1.8 {d18-d19}, [r2];
     * vcmp.f64 d0, d1; vmrs APSR_nzcv, fpscr; movgt r5, #1; movle r5, #2; wfi; pool; src: bytes 0..15 at
     * 0x90; dst: 16 bytes at 0xa0.
     */
    private static final int[] PROGRAM = {
        0xea00000a, 0xea000005, 0xeafffffe, 0xeafffffe, 0xeafffffe, 0xeafffffe,
        0xeafffffe, 0xeafffffe, 0xe2899001, 0xe3a0a101, 0xeee8aa10, 0xe25ef004,
        0xe3a09000, 0xe59f1040, 0xe59f2040, 0xeeb70b00, 0xeeb61b00, 0xe3a0300a,
        0xee300b01, 0xe2533001, 0x1afffffc, 0xeebd2bc0, 0xee124a10, 0xf4610a0d,
        0xf24028e0, 0xf4422a0f, 0xeeb40b41, 0xeef1fa10, 0xc3a05001, 0xd3a05002,
        0xe320f003, 0x00000090, 0x000000a0, 0xe1a00000, 0xe1a00000, 0xe1a00000,
        0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c, 0x00000000, 0x00000000,
        0x00000000, 0x00000000,
    };

    @Test
    void lazyEnableThenVfpAndNeonThroughTheInterpreter() {
        TestMachine m = new TestMachine();
        for (int i = 0; i < PROGRAM.length; i++) {
            m.write32(4 * i, PROGRAM[i]);
        }
        m.cpu.fpexc = 0;
        m.cpu.reset(0);
        Interpreter interpreter = new Interpreter(m.cpu, Decoders.of(Decoders.loadExtensions(), Coprocessors.NONE),
                new CodePages());
        interpreter.run(10_000);
        assertEquals(1, m.cpu.r[9], "exactly one Undefined Instruction trap (the first VFP instruction)");
        assertEquals(VfpAccess.FPEXC_EN, m.cpu.fpexc);
        assertEquals(6.0, Double.longBitsToDouble(m.cpu.d[0]));
        assertEquals(6, m.cpu.r[4]);
        assertEquals(0xa0, m.cpu.r[1], "VLD1 writeback by the transfer size");
        for (int i = 0; i < 16; i++) {
            assertEquals(2 * i, m.ram[0xa0 + i]);
        }
        assertEquals(1, m.cpu.r[5], "6.0 > 0.5 after VMRS APSR_nzcv");
    }
}
