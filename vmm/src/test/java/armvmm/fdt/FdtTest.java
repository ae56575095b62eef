package armvmm.fdt;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FdtTest {
    /** Every kind of value dtc knows, labels turned into phandles, a reservation and nesting. */
    static final String SAMPLE = """
            /dts-v1/;
            /memreserve/ 0x80000000 0x10000;
            / {
            \tmodel = "V2P-CA15";
            \tcompatible = "arm,vexpress,v2p-ca15,tc1", "arm,vexpress";
            \t#address-cells = <2>;
            \t#size-cells = <2>;
            \tinterrupt-parent = <&gic>;
            \tchosen {
            \t\tbootargs = "console=ttyAMA0 \\"quoted\\" root=/dev/vda";
            \t};
            \tmemory@80000000 {
            \t\tdevice_type = "memory";
            \t\treg = <0x0 0x80000000 0x0 0x40000000>;
            \t};
            \tgic: interrupt-controller@2c001000 {
            \t\tcompatible = "arm,cortex-a15-gic";
            \t\t#interrupt-cells = <3>;
            \t\tinterrupt-controller;
            \t\treg = <0 0x2c001000 0 0x1000>, <0 0x2c002000 0 0x2000>;
            \t};
            \tbus {
            \t\tmac-address = [02 00 00 12 34 56];
            \t\todd = [01 02 03];
            \t\tbig = /bits/ 64 <0x123456789abcdef0>;
            \t\tuart@1c090000 {
            \t\t\tinterrupts = <0 5 4>;
            \t\t\tclocks = <&clk &clk>;
            \t\t};
            \t};
            \tclk: clk24mhz {
            \t\tcompatible = "fixed-clock";
            \t\tclock-frequency = <24000000>;
            \t};
            };
            """;

    @Test
    void parsesWhatDtcWritesAndWritesWhatDtcReadsBack() throws Exception {
        assumeTrue(Dtc.available(), Dtc.MISSING);
        byte[] reference = Dtc.compile(SAMPLE);
        Fdt fdt = Fdt.parse(reference);
        byte[] ours = fdt.toDtb();
        assertEquals(Dtc.decompile(reference), Dtc.decompile(ours));
    }

    @Test
    void typedValuesComeOutAsDtcEncodedThem() throws Exception {
        assumeTrue(Dtc.available(), Dtc.MISSING);
        Fdt fdt = Fdt.parse(Dtc.compile(SAMPLE));
        FdtNode root = fdt.root();
        assertEquals("V2P-CA15", root.string("model").orElseThrow());
        assertEquals(List.of("arm,vexpress,v2p-ca15,tc1", "arm,vexpress"), root.property("compatible").orElseThrow().asStrings());
        assertEquals("console=ttyAMA0 \"quoted\" root=/dev/vda", fdt.node("/chosen").orElseThrow().string("bootargs").orElseThrow());
        assertArrayEquals(new int[] {0, 0x80000000, 0, 0x40000000}, fdt.node("/memory@80000000").orElseThrow().property("reg").orElseThrow().asCells());
        assertEquals(0x123456789abcdef0L, fdt.node("/bus").orElseThrow().property("big").orElseThrow().asU64());
        assertArrayEquals(new byte[] {1, 2, 3}, fdt.node("/bus").orElseThrow().property("odd").orElseThrow().value());
        assertTrue(fdt.node("/interrupt-controller@2c001000").orElseThrow().property("interrupt-controller").orElseThrow().isEmpty());
        int gicPhandle = root.property("interrupt-parent").orElseThrow().asU32();
        assertEquals("interrupt-controller@2c001000", fdt.nodeByPhandle(gicPhandle).orElseThrow().name());
        int[] clocks = fdt.node("/bus/uart@1c090000").orElseThrow().property("clocks").orElseThrow().asCells();
        assertEquals("clk24mhz", fdt.nodeByPhandle(clocks[0]).orElseThrow().name());
        assertEquals(List.of(new Fdt.Reservation(0x80000000L, 0x10000)), fdt.reservations());
        assertEquals(List.of(fdt.node("/clk24mhz").orElseThrow()), fdt.findCompatible("fixed-clock"));
    }

    @Test
    void anEditedTreeEqualsTheSameEditMadeInTheSource() throws Exception {
        assumeTrue(Dtc.available(), Dtc.MISSING);
        Fdt fdt = Fdt.parse(Dtc.compile(SAMPLE));
        fdt.node("/chosen").orElseThrow().setString("bootargs", "console=ttyAMA0");
        fdt.node("/chosen").orElseThrow().setU32("linux,initrd-start", 0x88000000);
        fdt.node("/memory@80000000").orElseThrow().setCells("reg", 0, 0x80000000, 0, 0x20000000);
        fdt.node("/bus").orElseThrow().remove("odd");
        fdt.root().removeChild("clk24mhz");
        fdt.node("/bus/uart@1c090000").orElseThrow().remove("clocks");
        FdtNode virtio = fdt.root().addChild(new FdtNode("virtio_mmio@1c130000"));
        virtio.setString("compatible", "virtio,mmio").setCells("reg", 0, 0x1c130000, 0, 0x200).setCells("interrupts", 0, 40, 4);
        FdtNode timer = fdt.nodeOrCreate("/soc/timer");
        timer.setU64("freq", 62_500_000L);
        int phandle = fdt.phandleOf(timer);
        fdt.reservations().clear();

        String expected = SAMPLE
                .replace("/memreserve/ 0x80000000 0x10000;\n", "")
                .replace("bootargs = \"console=ttyAMA0 \\\"quoted\\\" root=/dev/vda\";", "bootargs = \"console=ttyAMA0\";\n\t\tlinux,initrd-start = <0x88000000>;")
                .replace("0x0 0x40000000", "0x0 0x20000000")
                .replace("\t\todd = [01 02 03];\n", "")
                .replace("\t\t\tclocks = <&clk &clk>;\n", "")
                .replace("\tclk: clk24mhz {\n\t\tcompatible = \"fixed-clock\";\n\t\tclock-frequency = <24000000>;\n\t};\n",
                        "\tvirtio_mmio@1c130000 {\n\t\tcompatible = \"virtio,mmio\";\n\t\treg = <0 0x1c130000 0 0x200>;\n\t\tinterrupts = <0 40 4>;\n\t};\n"
                                + "\tsoc {\n\t\ttimer {\n\t\t\tfreq = /bits/ 64 <62500000>;\n\t\t\tphandle = <" + phandle + ">;\n\t\t};\n\t};\n");
        assertEquals(2, phandle, "one above the gic's, the clock's having gone");
        assertEquals(Dtc.decompile(Dtc.compile(expected)), Dtc.decompile(fdt.toDtb()));
    }

    @Test
    void ourSourceCompilesBackToTheSameTree() throws Exception {
        assumeTrue(Dtc.available(), Dtc.MISSING);
        Fdt fdt = Fdt.parse(Dtc.compile(SAMPLE));
        String dts = fdt.toDts();
        assertTrue(dts.contains("compatible = \"arm,vexpress,v2p-ca15,tc1\", \"arm,vexpress\";"), dts);
        assertTrue(dts.contains("interrupt-controller;"), dts);
        assertTrue(dts.contains("odd = [01 02 03];"), dts);
        assertTrue(dts.contains("interrupt-parent = <&{/interrupt-controller@2c001000}>;"), "a phandle as a reference, which dtc then checks:\n" + dts);
        assertTrue(dts.contains("clocks = <0x"), "a provider without #clock-cells: its clocks stay numbers\n" + dts);
        assertArrayEquals(fdt.toDtb(), Fdt.parse(Dtc.compile(dts)).toDtb());
    }

    @Test
    void aTreeBuiltFromNothingIsValidForDtc() throws Exception {
        assumeTrue(Dtc.available(), Dtc.MISSING);
        Fdt fdt = new Fdt();
        fdt.root().setCells("#address-cells", 1).setString("model", "x");
        fdt.nodeOrCreate("/cpus/cpu@0").setString("device_type", "cpu").setU32("reg", 0);
        fdt.setBootCpuid(0);
        assertEquals(Dtc.decompile(Dtc.compile("/dts-v1/;\n/ { #address-cells = <1>; model = \"x\"; cpus { cpu@0 { device_type = \"cpu\"; reg = <0>; }; }; };")),
                Dtc.decompile(fdt.toDtb()));
    }

    @Test
    void malformedBlobsAreRejectedWithAReason() {
        byte[] good = sampleBlob();
        assertTrue(assertThrows(FdtFormatException.class, () -> Fdt.parse(new byte[8])).getMessage().contains("only 8 bytes"));
        byte[] badMagic = good.clone();
        badMagic[0] = 0x12;
        assertTrue(assertThrows(FdtFormatException.class, () -> Fdt.parse(badMagic)).getMessage().contains("magic 0x12"));
        FdtFormatException truncated = assertThrows(FdtFormatException.class, () -> Fdt.parse(Arrays.copyOf(good, good.length - 10)));
        assertTrue(truncated.getMessage().contains("exceeds"), truncated.getMessage());
        byte[] badStruct = good.clone();
        Fdt.putBe32(badStruct, 8, 0x7fff0000);
        assertTrue(assertThrows(FdtFormatException.class, () -> Fdt.parse(badStruct)).getMessage().contains("structure block"));
    }

    @Test
    void corruptedBlobsNeverFailAnyOtherWay() {
        byte[] good = sampleBlob();
        Random rnd = new Random(6);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = good.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            try {
                Fdt.parse(bad).toDtb();
            } catch (FdtFormatException expected) {
                // the only acceptable failure
            }
        }
    }

    /** A blob made without dtc, so the robustness tests run everywhere. */
    private static byte[] sampleBlob() {
        Fdt fdt = new Fdt();
        fdt.root().setString("model", "m").setCells("#address-cells", 2);
        fdt.nodeOrCreate("/chosen").setString("bootargs", "console=ttyAMA0");
        fdt.nodeOrCreate("/memory@80000000").setCells("reg", 0, 0x80000000, 0, 0x1000000);
        fdt.reservations().add(new Fdt.Reservation(0x80000000L, 0x1000));
        return fdt.toDtb();
    }
}
