package armvmm.boards.loader;

import armvmm.error.VmmException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An ELF32 ARM executable as a kernel, loaded as QEMU's arm_load_elf loads one (hw/arm/boot.c): every
 * PT_LOAD segment at its physical address p_paddr (p_filesz bytes from the file, zeros up to p_memsz), the
 * entry e_entry, moved from the virtual to the physical address when it lies in a segment whose p_vaddr
 * differs (a Linux vmlinux). QEMU assumes an ELF is not Linux: no boot protocol, no initrd, and r0-r2 zero;
 * the device tree goes to the RAM base when the segments leave room there ({@link BootLayout#withDtb}).
 *
 * <p>Each header field is checked here, once, with checked arithmetic (ELF: the System V ABI, "ELF
 * Header" and "Program Header"; ARM's ELF supplement for EM_ARM).
 */
final class ElfKernel {
    private ElfKernel() {}

    static final int ELFCLASS32 = 1, ELFDATA2LSB = 1, EV_CURRENT = 1, ET_EXEC = 2, EM_ARM = 40, PT_LOAD = 1;
    /** Elf32_Ehdr and Elf32_Phdr sizes. */
    static final int EHDR_SIZE = 52, PHDR_SIZE = 32;
    private static final long ADDRESS_SPACE = 1L << 32;

    static boolean isElf(byte[] b) {
        return b.length >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
    }

    static KernelImage parse(String source, byte[] file) {
        if (file.length < EHDR_SIZE) throw bad(source, "the file (" + file.length + " bytes) is shorter than an ELF32 header");
        if (file[4] != ELFCLASS32) throw bad(source, "EI_CLASS " + file[4] + ": not a 32-bit ELF (ELFCLASS32)");
        if (file[5] != ELFDATA2LSB) throw bad(source, "EI_DATA " + file[5] + ": not little-endian; this board boots little-endian kernels");
        if (file[6] != EV_CURRENT) throw bad(source, "EI_VERSION " + file[6]);
        ByteBuffer h = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int eType = h.getShort(16) & 0xffff, eMachine = h.getShort(18) & 0xffff;
        if (eType != ET_EXEC) throw bad(source, "e_type " + eType + ": not an executable (ET_EXEC)");
        if (eMachine != EM_ARM) throw bad(source, "e_machine " + eMachine + ": not ARM (EM_ARM, 40)");
        long eEntry = u32(h, 24), ePhoff = u32(h, 28);
        int ePhentsize = h.getShort(42) & 0xffff, ePhnum = h.getShort(44) & 0xffff;
        if (ePhentsize != PHDR_SIZE) throw bad(source, "e_phentsize " + ePhentsize + ", not " + PHDR_SIZE);
        if (ePhnum == 0 || ePhoff > file.length || (long) ePhnum * PHDR_SIZE > file.length - ePhoff)
            throw bad(source, String.format("%d program headers at e_phoff 0x%x do not fit in the file (%d bytes)", ePhnum, ePhoff, file.length));

        List<KernelImage.Segment> segments = new ArrayList<>();
        long entry = -1;
        for (int i = 0; i < ePhnum; i++) {
            int ph = (int) ePhoff + i * PHDR_SIZE;
            if (h.getInt(ph) != PT_LOAD) continue;
            long pOffset = u32(h, ph + 4), pVaddr = u32(h, ph + 8), pPaddr = u32(h, ph + 12);
            long pFilesz = u32(h, ph + 16), pMemsz = u32(h, ph + 20);
            String which = String.format("PT_LOAD %d (p_paddr 0x%x, p_filesz 0x%x, p_memsz 0x%x)", i, pPaddr, pFilesz, pMemsz);
            if (pFilesz > pMemsz) throw bad(source, which + ": p_filesz is larger than p_memsz");
            if (pOffset > file.length || pFilesz > file.length - pOffset)
                throw bad(source, which + String.format(": p_offset 0x%x + p_filesz runs past the end of the file (%d bytes)", pOffset, file.length));
            if (pMemsz > ADDRESS_SPACE - pPaddr) throw bad(source, which + ": ends beyond the 32-bit address space");
            if (pMemsz == 0) continue;
            byte[] data = new byte[(int) pFilesz];
            System.arraycopy(file, (int) pOffset, data, 0, data.length);
            segments.add(new KernelImage.Segment(pPaddr, data, pMemsz));
            // The PC starts at the translated entry without bit 0 (the Thumb bit): that address must be in the segment.
            long thumbless = eEntry & ~1L;
            if (entry < 0 && thumbless >= pVaddr && thumbless - pVaddr < pMemsz) {
                long pc = (pPaddr + (thumbless - pVaddr)) & ~1L;
                if (pc >= pPaddr) entry = pc | (eEntry & 1);
            }
        }
        if (segments.isEmpty()) throw bad(source, "no PT_LOAD segment with contents");
        if (entry < 0) throw bad(source, String.format("e_entry 0x%x lies in no PT_LOAD segment", eEntry));
        segments.sort(Comparator.comparingLong(KernelImage.Segment::address));
        for (int i = 1; i < segments.size(); i++)
            if (segments.get(i).address() < segments.get(i - 1).end())
                throw bad(source, String.format("PT_LOAD segments at 0x%x and 0x%x overlap", segments.get(i - 1).address(), segments.get(i).address()));
        long span = segments.get(segments.size() - 1).end() - segments.get(0).address();
        return new KernelImage(source, KernelImage.Format.ELF, file, span, segments, entry, false);
    }

    private static long u32(ByteBuffer b, int off) { return b.getInt(off) & 0xffff_ffffL; }

    private static VmmException bad(String source, String why) { return new VmmException(source + ": ELF kernel: " + why); }
}
