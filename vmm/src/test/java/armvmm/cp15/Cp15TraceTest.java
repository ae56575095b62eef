package armvmm.cp15;

import armvmm.cpu.cortexa15.CortexA15;
import static org.junit.jupiter.api.Assertions.assertEquals;

import armvmm.cpu.CpuMode;
import armvmm.trace.TraceFilter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Cp15TraceTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Cp15Trace trace = new Cp15Trace(new PrintStream(bytes, true, StandardCharsets.UTF_8), TraceFilter.ALL);

    private String out() { return bytes.toString(StandardCharsets.UTF_8); }

    @Test
    void anAllowedReadIsOneLine() {
        trace.access(0, 0x80008a3cL, CpuMode.SVC, true, CortexA15.SCTLR.key(), CortexA15.SCTLR, false, 0x00c50078L, CpAccess.OK);
        assertEquals("cp15 cpu0 pc=0x80008a3c svc S MRC p15,0,c1,c0,0 SCTLR R 0x00c50078 ok\n", out());
    }

    @Test
    void aDeniedAccessSaysHow() {
        trace.access(1, 0x8000L, CpuMode.USR, false, CortexA15.SCTLR.key(), CortexA15.SCTLR, true, 0x1, CpAccess.UNDEFINED);
        trace.access(1, 0x8004L, CpuMode.USR, false, CortexA15.TPIDRPRW.key(), CortexA15.TPIDRPRW, false, 0, CpAccess.HYP_TRAP);
        assertEquals("cp15 cpu1 pc=0x00008000 usr NS MCR p15,0,c1,c0,0 SCTLR W 0x00000001 UNDEFINED\n"
                + "cp15 cpu1 pc=0x00008004 usr NS MRC p15,0,c13,c0,4 TPIDRPRW R - HYP_TRAP\n", out());
    }

    @Test
    void anUnknownEncodingShowsItsRawFields() {
        int key = CpRegistry.key(15, 0, 15, 2, 5);
        trace.access(0, 0x10L, CpuMode.SVC, true, key, null, false, 0, CpAccess.UNDEFINED);
        assertEquals("cp15 cpu0 pc=0x00000010 svc S MRC p15,0,c15,c2,5 unknown R - UNDEFINED\n", out());
    }

    @Test
    void sixtyFourBitAccessesShowSixteenDigits() {
        trace.access(0, 0x20L, CpuMode.HYP, false, CortexA15.CNTVCT.key(), CortexA15.CNTVCT, false, 0x1_0000_0002L, CpAccess.OK);
        assertEquals("cp15 cpu0 pc=0x00000020 hyp NS MRRC p15,1,c14 CNTVCT R 0x0000000100000002 ok\n", out());
    }

    @Test
    void theFilterMatchesRegisterNamesAndPc() {
        Cp15Trace filtered = new Cp15Trace(new PrintStream(bytes, true, StandardCharsets.UTF_8), TraceFilter.parse("dev=ttbr,addr=0x100-0x1ff"));
        filtered.access(0, 0x104L, CpuMode.SVC, true, CortexA15.TTBR0_32.key(), CortexA15.TTBR0_32, true, 0x4000, CpAccess.OK);
        filtered.access(0, 0x104L, CpuMode.SVC, true, CortexA15.SCTLR.key(), CortexA15.SCTLR, true, 0x1, CpAccess.OK);
        filtered.access(0, 0x204L, CpuMode.SVC, true, CortexA15.TTBR1_32.key(), CortexA15.TTBR1_32, true, 0x4000, CpAccess.OK);
        assertEquals("cp15 cpu0 pc=0x00000104 svc S MCR p15,0,c2,c0,0 TTBR0 W 0x00004000 ok\n", out());
    }
}
