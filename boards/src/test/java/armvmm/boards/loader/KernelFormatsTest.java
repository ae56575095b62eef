package armvmm.boards.loader;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.boards.loader.KernelFiles.Load;
import armvmm.bus.AddressSpace;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.memory.RamBlock;
import armvmm.error.VmmException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** ELF and U-Boot kernels: where their headers put them, and one line for each header that is wrong. */
class KernelFormatsTest {
    static final long RAM = 0x4000_0000L, MIB = 1 << 20;

    private static String refusal(byte[] file) {
        VmmException e = assertThrows(VmmException.class, () -> KernelImage.detect("k", file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void anElfsSegmentsGoToTheirPhysicalAddressesAndItsEntryIsTranslatedFromTheVirtual() {
        byte[] text = {1, 2, 3, 4, 5, 6, 7, 8};
        // linked at 0xc0000000 + x, loaded at RAM + x (a vmlinux's p_vaddr/p_paddr); entry Thumb inside the first
        byte[] f = KernelFiles.elf(0xc010_0005L, 0xc000_0000L - RAM,
                new Load(RAM + 0x10_0000, text, 8), new Load(RAM + 0x20_0000, new byte[] {9}, 0x1000));
        KernelImage k = KernelImage.detect("vmlinux", f);
        assertEquals(KernelImage.Format.ELF, k.format());
        assertFalse(k.linux(), "QEMU assumes an ELF is not Linux");
        assertEquals(2, k.segments().size());
        assertEquals(RAM + 0x10_0000, k.segments().get(0).address());
        assertArrayEquals(text, k.segments().get(0).data());
        assertEquals(0x1000, k.segments().get(1).memSize(), "p_memsz: the bss is zeroed up to it");
        assertEquals(RAM + 0x10_0005, k.entry(), "e_entry moved to the physical address, Thumb bit kept");
        assertEquals(RAM + 0x10_0000, k.lowAddress());
        assertEquals(0x10_1000, k.size());
    }

    @Test
    void aBareMetalElfGetsTheDtbAtTheRamBaseAndNoInitrd() {
        KernelImage k = KernelImage.detect("e", KernelFiles.elf(RAM + 0x10_0000, 0, new Load(RAM + 0x10_0000, new byte[64], 64)));
        BootLayout l = BootLayout.place(RAM, 128 * MIB, 0x10000, k, 0).withDtb(0x2000);
        assertEquals(RAM + 0x10_0000, l.kernelAddress(), "the board's kernel offset does not apply");
        assertEquals(RAM, l.dtbAddress());
        assertTrue(assertThrows(VmmException.class, () -> BootLayout.place(RAM, 128 * MIB, 0x10000, k, 4096)).getMessage()
                .startsWith("--initrd: e is a bare-metal ELF kernel"));
        assertTrue(assertThrows(VmmException.class, () -> BootLayout.place(RAM, 128 * MIB, 0x10000, k, 0).withDtb(0x10_0001)).getMessage()
                .contains("does not fit at the RAM base"));
        KernelImage atBase = KernelImage.detect("b", KernelFiles.elf(RAM, 0, new Load(RAM, new byte[64], 64)));
        assertFalse(BootLayout.place(RAM, 128 * MIB, 0x10000, atBase, 0).withDtb(0x2000).hasDtb(), "no room below it: no DTB");
    }

    @Test
    void loadingWritesEachSegmentZeroesItsBssOverTheLastRunsRamAndStartsAtTheEntry() {
        AddressSpace bus = new AddressSpace();
        RamBlock ram = new RamBlock("ram", 2 * MIB);
        bus.mapRam("ram", RAM, ram);
        byte[] dirty = new byte[(int) (2 * MIB)];
        java.util.Arrays.fill(dirty, (byte) 0xa5);
        bus.writeBytes(RAM, dirty, 0, dirty.length); // what a run before the reset left
        byte[] text = {1, 2, 3, 4}, data = {5, 6};
        KernelImage k = KernelImage.detect("e", KernelFiles.elf(RAM + 0x10_0001, 0,
                new Load(RAM + 0x10_0000, text, 4), new Load(RAM + 0x18_0000, data, 0x2_0000)));
        byte[] dtb = {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed};
        BootImages images = new BootImages(k, null, dtb, BootLayout.place(RAM, 2 * MIB, 0x10000, k, 0).withDtb(dtb.length));
        images.load(bus);
        assertArrayEquals(text, read(bus, RAM + 0x10_0000, 4));
        assertArrayEquals(new byte[] {5, 6, 0, 0}, read(bus, RAM + 0x18_0000, 4));
        assertArrayEquals(new byte[0x2_0000 - 2], read(bus, RAM + 0x18_0002, 0x2_0000 - 2), "zeros up to p_memsz");
        assertEquals((byte) 0xa5, read(bus, RAM + 0x1a_0000, 1)[0], "and not beyond");
        assertArrayEquals(dtb, read(bus, RAM, 4), "the DTB at the RAM base");
        ArmCoreRegisters regs = images.primaryRegisters();
        assertEquals((int) (RAM + 0x10_0000), regs.get(CoreReg.PC));
        assertEquals(BootImages.BOOT_CPSR | BootImages.CPSR_T, regs.get(CoreReg.CPSR), "Thumb: e_entry bit 0");
        assertEquals(0, regs.get(CoreReg.R1) | regs.get(CoreReg.R2), "not the Linux registers");
    }

    private static byte[] read(AddressSpace bus, long pa, int len) {
        byte[] b = new byte[len];
        bus.readBytes(pa, b, 0, len);
        return b;
    }

    @Test
    void aSegmentOutsideRamIsOneLine() {
        KernelImage k = KernelImage.detect("vexpress.elf", KernelFiles.elf(0x8010_0000L, 0, new Load(0x8010_0000L, new byte[64], 64)));
        String m = assertThrows(VmmException.class, () -> BootLayout.place(RAM, 512 * MIB, 0x10000, k, 0)).getMessage();
        assertEquals("vexpress.elf: the ELF kernel's 0x80100000-0x80100040 lies outside RAM (0x40000000-0x60000000)", m);
    }

    @Test
    void badElfHeadersAreRefusedInOneLine() {
        byte[] good = KernelFiles.elf(RAM + 0x1000, 0, new Load(RAM + 0x1000, new byte[16], 16));
        assertEquals(KernelImage.Format.ELF, KernelImage.detect("k", good).format());
        assertTrue(refusal(java.util.Arrays.copyOf(good, 20)).contains("shorter than an ELF32 header"));
        assertTrue(refusal(with(good, 4, 2)).contains("not a 32-bit ELF"));
        assertTrue(refusal(with(good, 5, 2)).contains("not little-endian"));
        assertTrue(refusal(withShort(good, 16, 3)).contains("e_type 3: not an executable"));
        assertTrue(refusal(withShort(good, 18, 62)).contains("e_machine 62: not ARM"));
        assertTrue(refusal(withShort(good, 44, 0x7fff)).contains("program headers at e_phoff"));
        int ph = ElfKernel.EHDR_SIZE;
        assertTrue(refusal(withInt(good, ph + 4, 0x7fff_fff0)).contains("runs past the end of the file"));
        assertTrue(refusal(withInt(good, ph + 20, 8)).contains("p_filesz is larger than p_memsz"));
        assertTrue(refusal(withInt(withInt(good, ph + 12, 0xffff_fff8), ph + 8, 0xffff_fff8)).contains("beyond the 32-bit address space"));
        assertTrue(refusal(withInt(good, 24, 0x1234)).contains("e_entry 0x1234 lies in no PT_LOAD segment"));
        assertTrue(refusal(withInt(good, ph, 6)).contains("no PT_LOAD segment"));
        byte[] overlap = KernelFiles.elf(RAM, 0, new Load(RAM, new byte[16], 16), new Load(RAM + 8, new byte[16], 16));
        assertTrue(refusal(overlap).contains("overlap"));
    }

    @Test
    void aLinuxUImageIsLoadedAtIhLoadAndEnteredAtIhEpByTheLinuxProtocol() {
        byte[] zimage = BootLayoutTest.zImage(8192);
        KernelImage k = KernelImage.detect("uImage", KernelFiles.uImage(zimage, RAM + 0x8000, RAM + 0x8000, KernelFiles.OS_LINUX, KernelFiles.COMP_NONE));
        assertEquals(KernelImage.Format.UIMAGE, k.format());
        assertTrue(k.linux());
        assertEquals(RAM + 0x8000, k.entry());
        assertArrayEquals(zimage, k.segments().get(0).data());
        assertEquals(4 * 8192, k.footprint(), "a wrapped zImage decompresses after itself");
        BootLayout l = BootLayout.place(RAM, 512 * MIB, 0x10000, k, 4096).withDtb(4096);
        assertEquals(RAM + 0x8000, l.kernelAddress());
        assertEquals(RAM + 128 * MIB, l.initrdAddress());
        assertTrue(l.dtbAddress() > l.initrdAddress());
    }

    @Test
    void aGzipUImageIsInflatedAndAnotherOsIsBareMetal() {
        byte[] program = new byte[10_000];
        for (int i = 0; i < program.length; i++) program[i] = (byte) (i * 7);
        KernelImage k = KernelImage.detect("u", KernelFiles.uImage(program, RAM + 0x10000, RAM + 0x10004, KernelFiles.OS_U_BOOT, KernelFiles.COMP_GZIP));
        assertArrayEquals(program, k.segments().get(0).data());
        assertFalse(k.linux());
        assertEquals(RAM + 0x10004, k.entry());
    }

    @Test
    void badUImageHeadersAreRefusedInOneLine() {
        byte[] good = KernelFiles.uImage(new byte[256], RAM, RAM, KernelFiles.OS_LINUX, KernelFiles.COMP_NONE);
        assertTrue(refusal(java.util.Arrays.copyOf(good, 40)).contains("shorter than the 64-byte header"));
        assertTrue(refusal(with(good, 40, 'x')).contains("ih_hcrc"), "a damaged header");
        assertTrue(refusal(with(good, 100, 1)).contains("ih_dcrc"), "damaged data");
        assertTrue(refusal(KernelFiles.fixHeaderCrc(with(good, UImage.ARCH, 22))).contains("ih_arch 22: not ARM"));
        assertTrue(refusal(KernelFiles.fixHeaderCrc(with(good, UImage.TYPE, 3))).contains("ih_type 3: not a kernel image"));
        assertTrue(refusal(KernelFiles.fixHeaderCrc(with(good, UImage.COMP, 2))).contains("ih_comp 2"));
        assertTrue(refusal(KernelFiles.fixHeaderCrc(withBigEndianInt(good, UImage.SIZE, 0x10000))).contains("ih_size 0x10000 runs past the end"));
        assertTrue(refusal(KernelFiles.fixHeaderCrc(withBigEndianInt(good, UImage.EP, (int) RAM + 256))).contains("ih_ep 0x40000100 lies outside the image"));
        assertTrue(refusal(KernelFiles.fixHeaderCrc(withBigEndianInt(withBigEndianInt(good, UImage.LOAD, -16), UImage.EP, -16)))
                .contains("beyond the 32-bit address space"));
        byte[] notGzip = KernelFiles.fixHeaderCrc(with(good, UImage.COMP, KernelFiles.COMP_GZIP));
        assertTrue(refusal(notGzip).contains("the gzip data is corrupt"));
    }

    private static byte[] with(byte[] b, int off, int value) {
        byte[] c = b.clone();
        c[off] = (byte) value;
        return c;
    }

    private static byte[] withShort(byte[] b, int off, int value) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putShort(off, (short) value);
        return c;
    }

    private static byte[] withInt(byte[] b, int off, int value) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(off, value);
        return c;
    }

    private static byte[] withBigEndianInt(byte[] b, int off, int value) {
        byte[] c = b.clone();
        ByteBuffer.wrap(c).putInt(off, value);
        return c;
    }
}
