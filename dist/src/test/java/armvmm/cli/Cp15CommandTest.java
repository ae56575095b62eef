package armvmm.cli;

import armvmm.cp15.CpRegistry;
import armvmm.cpu.cortexa15.CortexA15;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class Cp15CommandTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) { return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true)); }

    private String line(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError("no line " + start + " in\n" + text));
    }

    @Test
    void printsEachRegisterWithEncodingRightsResetKindAndBanking() {
        assertEquals(0, run("cp15", "--cpu", "cortex-a15"), err.toString());
        String sctlr = line(out.toString(), "p15,0,c1,c0,0 ");
        assertTrue(sctlr.matches("p15,0,c1,c0,0\\s+SCTLR\\s+32\\s+state\\+effects\\s+S/NS\\s+0x00c50078\\s+PL1 RW\\s+SCTLR_EL1"), sctlr);
        String nsacr = line(out.toString(), "p15,0,c1,c1,2 ");
        assertTrue(nsacr.contains("NSACR") && nsacr.contains("S PL1 RW, NS PL1 RO"), nsacr);
        String ttbr0 = line(out.toString(), "p15,0,c2 ");
        assertTrue(ttbr0.matches("p15,0,c2\\s+TTBR0\\s+64\\s+.*"), ttbr0);
        assertTrue(line(out.toString(), "p15,0,c8,c7,1 ").matches("p15,0,c8,c7,1\\s+TLBIMVA\\s+32\\s+operation\\s+-\\s+-\\s+PL1 WO\\s+-"));
        assertEquals(CortexA15.definitions().size() + 2, out.toString().lines().count(), "a header, a line per register, a footnote");
    }

    @Test
    void aBoardsRegistersAreListedWithTheCpus() {
        CpRegistry r = CpRegistry.builder().addAll(CortexA15.definitions()).add(CortexA15.cbar(0x2c00_0000L)).build();
        Cp15Command.print(r, new PrintWriter(out, true));
        assertTrue(line(out.toString(), "p15,4,c15,c0,0 ").matches("p15,4,c15,c0,0\\s+CBAR\\s+32\\s+constant\\s+-\\s+0x2c000000\\s+PL1 RO\\s+-"));
    }

    /** virt with a GICv3 adds the ICC_* CPU interface: ICC_IAR1 a read operation, ICC_SGI1R a 64-bit write-only one. */
    @Test
    void virtWithAGicv3AddsTheIccRegisters() {
        assertEquals(0, run("cp15", "--cpu", "cortex-a15", "--board", "virt,gic-version=3"), err.toString());
        String listing = out.toString();
        assertTrue(line(listing, "p15,0,c12,c12,0 ").matches("p15,0,c12,c12,0\\s+ICC_IAR1\\s+32\\s+operation\\s+-\\s+-\\s+PL1 RO\\s+-"), listing);
        assertTrue(line(listing, "p15,0,c4,c6,0 ").matches("p15,0,c4,c6,0\\s+ICC_PMR\\s+32\\s+state\\+effects\\s+-\\s+0x00000000\\s+PL1 RW\\s+-"), listing);
        assertTrue(line(listing, "p15,0,c12 ").matches("p15,0,c12\\s+ICC_SGI1R\\s+64\\s+operation\\s+.*PL1 WO.*"), listing);
        assertTrue(line(listing, "p15,0,c12,c12,5 ").contains("0x00000007"), "ICC_SRE: SRE, DFB, DIB");
        out.getBuffer().setLength(0);
        assertEquals(0, run("cp15", "--cpu", "cortex-a15", "--board", "virt"));
        assertTrue(out.toString().lines().noneMatch(l -> l.contains("ICC_")), "a GICv2's CPU interface is memory-mapped");
    }

    @Test
    void anUnknownCpuOrBoardIsAOneLineError() {
        assertEquals(2, run("cp15", "--cpu", "cortex-a9"));
        assertEquals(List.of("vmm: --cpu cortex-a9: unknown CPU model (available: cortex-a15)"), err.toString().lines().toList());
        StringWriter err2 = new StringWriter();
        assertEquals(2, Main.execute(new String[] {"cp15", "--board", "nosuch"}, new PrintWriter(new StringWriter(), true), new PrintWriter(err2, true)));
        assertEquals(1, err2.toString().lines().count(), err2.toString());
        assertTrue(err2.toString().startsWith("vmm: unknown board 'nosuch'"), err2.toString());
    }
}
