package armvmm.devices.pci;

/**
 * The registers of a type 0 configuration header (PCI Local Bus Specification 3.0, 6.1 and 6.2) that a
 * function here implements, with the bits a guest may change. Everything else in the 256 bytes reads as
 * zero and ignores writes: no capability list, no expansion ROM, no BIST. The six base address
 * registers' writable bits depend on each BAR's size, so {@link PciFunction} fills them in.
 */
enum ConfigHeader {
    //                      offset width writable
    VENDOR_ID(              0x00,  2,    0),
    DEVICE_ID(              0x02,  2,    0),
    /** I/O space, memory space, bus master, parity error response, SERR# enable, interrupt disable. */
    COMMAND(                0x04,  2,    0x0547),
    /** All its bits are read-only or write-one-to-clear error bits, which nothing here ever sets. */
    STATUS(                 0x06,  2,    0),
    REVISION_ID(            0x08,  1,    0),
    CLASS_CODE(             0x09,  3,    0),
    CACHE_LINE_SIZE(        0x0c,  1,    0xff),
    /** Read-only zero on PCI Express (PCIe 4.0, 7.5.1.5), which this host bridge is. */
    LATENCY_TIMER(          0x0d,  1,    0),
    HEADER_TYPE(            0x0e,  1,    0),
    BIST(                   0x0f,  1,    0),
    BAR0(                   0x10,  4,    0),
    BAR1(                   0x14,  4,    0),
    BAR2(                   0x18,  4,    0),
    BAR3(                   0x1c,  4,    0),
    BAR4(                   0x20,  4,    0),
    BAR5(                   0x24,  4,    0),
    CARDBUS_CIS_POINTER(    0x28,  4,    0),
    SUBSYSTEM_VENDOR_ID(    0x2c,  2,    0),
    SUBSYSTEM_ID(           0x2e,  2,    0),
    EXPANSION_ROM_BASE(     0x30,  4,    0),
    CAPABILITIES_POINTER(   0x34,  1,    0),
    /** Scratch for the driver (the interrupt routing it found); the function does nothing with it. */
    INTERRUPT_LINE(         0x3c,  1,    0xff),
    INTERRUPT_PIN(          0x3d,  1,    0),
    MIN_GNT(                0x3e,  1,    0),
    MAX_LAT(                0x3f,  1,    0);

    /** COMMAND bits. */
    static final int COMMAND_IO_SPACE = 1 << 0, COMMAND_MEMORY_SPACE = 1 << 1;
    /** HEADER_TYPE of a single-function device with a type 0 header. */
    static final int HEADER_TYPE_NORMAL = 0;

    final int offset;
    final int width;
    final int writable;

    ConfigHeader(int offset, int width, int writable) {
        this.offset = offset;
        this.width = width;
        this.writable = writable;
    }

    static ConfigHeader bar(int index) { return values()[BAR0.ordinal() + index]; }

    /** The register holding byte {@code offset}, or null for a byte no register covers. */
    static ConfigHeader at(int offset) {
        for (ConfigHeader r : values())
            if (offset >= r.offset && offset < r.offset + r.width) return r;
        return null;
    }
}
