package armvmm.devices.pci;

/**
 * One base address register a function implements: its number (0 to 5), the address space it decodes
 * and its size, a power of two. Only 32-bit memory BARs and I/O BARs: nothing here needs a 64-bit or a
 * prefetchable one.
 */
public record PciBar(int index, Space space, int size) {
    public enum Space {
        /** A 32-bit memory BAR (type 00, not prefetchable): bits 3:0 read 0. */
        MEMORY_32(0),
        /** An I/O BAR: bit 0 reads 1. */
        IO(1);

        /** The read-only low bits that say which kind of BAR it is (PCI 3.0, 6.2.5.1). */
        final int typeBits;

        Space(int typeBits) { this.typeBits = typeBits; }
    }

    public PciBar {
        if (index < 0 || index > 5) throw new IllegalArgumentException("BAR" + index);
        // the smallest sizes the specification allows: 16 bytes of memory, 4 of I/O
        int min = space == Space.IO ? 4 : 16;
        if (Integer.bitCount(size) != 1 || size < min) throw new IllegalArgumentException("BAR" + index + " of " + size + " bytes");
    }

    /** The bits of the register a guest can set: the address bits above the size (the type bits lie below any size allowed). */
    int writableBits() { return -size; }
}
