package armvmm.bus;

import armvmm.memory.HostMemory;
import armvmm.memory.RamBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guest physical address space (40 bits, as LPAE allows): RAM, ROM and MMIO regions.
 *
 * <p>Regions are kept in an immutable array sorted by base and swapped whole on every change, so lookups
 * from any vCPU thread need no lock. Overlapping regions are rejected when mapped, naming both. An access
 * to an address with nothing behind it throws {@link BusErrorException} (logged once per 4 KiB page); the
 * CPU model makes it an external abort and the VMM carries on.
 */
public final class AddressSpace {
    private static final Logger log = LoggerFactory.getLogger(AddressSpace.class);
    public static final int PHYS_BITS = 40;
    public static final long LIMIT = 1L << PHYS_BITS;

    private volatile Region[] regions = new Region[0];
    private volatile MmioTrace trace;
    private final Set<Long> reportedPages = ConcurrentHashMap.newKeySet();
    private final Object mapLock = new Object();
    private final java.util.List<RamWriteListener> ramWriteListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Told about guest RAM written by anything but a CPU store (DMA, image loading), so that the TCG
     * accelerator can drop decoded code of those pages.
     */
    public interface RamWriteListener {
        void ramWritten(long pa, long len);
    }

    public void addRamWriteListener(RamWriteListener l) { ramWriteListeners.add(l); }

    /** Devices call this after writing guest RAM directly (e.g. through {@link armvmm.memory.RamBlock#slice}). */
    public void notifyRamWritten(long pa, long len) {
        for (RamWriteListener l : ramWriteListeners) l.ramWritten(pa, len);
    }

    public Region mapRam(String name, long base, RamBlock ram) {
        return map(new Region(name, base, ram.size(), Region.Kind.RAM, ram, 0, null));
    }

    public Region mapRom(String name, long base, RamBlock rom) {
        return map(new Region(name, base, rom.size(), Region.Kind.ROM, rom, 0, null));
    }

    public Region mapMmio(long base, long size, MmioDevice device) {
        return map(new Region(device.name(), base, size, Region.Kind.MMIO, null, 0, device));
    }

    public Region map(Region r) {
        synchronized (mapLock) {
            Region[] cur = regions;
            for (Region o : cur) {
                if (r.base() < o.end() && o.base() < r.end())
                    throw new IllegalStateException("region " + r + " overlaps " + o);
            }
            Region[] next = Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = r;
            Arrays.sort(next, Comparator.comparingLong(Region::base));
            regions = next;
            return r;
        }
    }

    public void unmap(Region r) {
        synchronized (mapLock) {
            regions = Arrays.stream(regions).filter(x -> x != r).toArray(Region[]::new);
        }
    }

    /** The region holding {@code pa}, or null. */
    public Region find(long pa) {
        Region[] rs = regions;
        int lo = 0, hi = rs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Region r = rs[mid];
            if (pa < r.base()) hi = mid - 1;
            else if (pa - r.base() >= r.size()) lo = mid + 1;
            else return r;
        }
        return null;
    }

    public List<Region> regions() { return List.of(regions); }

    public void setTrace(MmioTrace t) { this.trace = t; }

    public MmioTrace trace() { return trace; }

    /**
     * Host address of {@code [pa, pa+len)} when it lies wholly inside one RAM or ROM region, else -1.
     * {@code writable} excludes ROM. This is what a TLB caches.
     */
    public long hostAddress(long pa, long len, boolean writable) {
        Region r = find(pa);
        if (r == null || r.kind() == Region.Kind.MMIO || (writable && r.kind() == Region.Kind.ROM)) return -1;
        long off = pa - r.base();
        if (len < 0 || off > r.size() - len) return -1;
        return r.ram().hostAddress() + r.offsetInBlock() + off;
    }

    /** One access of 1, 2, 4 or 8 bytes; a size the device does not take is a bus error. */
    public long read(long pa, int size, BusMaster who) {
        return read(pa, size, who, false);
    }

    /**
     * A CPU's doubleword (LDRD, VLDR, LDM pairs): to a device that does not take 8 bytes at that offset it is
     * two word accesses, the lower address first, as on a 32-bit bus (ARM ARM A3.5.3: they are two
     * single-copy atomic word accesses), after one region look-up.
     */
    public long readDoubleword(long pa, BusMaster who) {
        return read(pa, 8, who, true);
    }

    private long read(long pa, int size, BusMaster who, boolean splitForDevice) {
        Region r = find(pa);
        if (r == null) throw unmapped(pa, size, false);
        long off = pa - r.base();
        if (off > r.size() - size) throw unmapped(pa, size, false);
        if (r.kind() != Region.Kind.MMIO) {
            long h = r.ram().hostAddress() + r.offsetInBlock() + off;
            return switch (size) {
                case 1 -> HostMemory.read8(h);
                case 2 -> HostMemory.read16(h);
                case 4 -> HostMemory.read32(h) & 0xffffffffL;
                case 8 -> HostMemory.read64(h);
                default -> throw new IllegalArgumentException("access size " + size);
            };
        }
        if (splitForDevice && !r.device().accessSizes().allows(off, 8))
            return readDevice(r, pa, off, 4, who) | readDevice(r, pa + 4, off + 4, 4, who) << 32;
        return readDevice(r, pa, off, size, who);
    }

    private long readDevice(Region r, long pa, long off, int size, BusMaster who) {
        MmioDevice d = r.device();
        if (!d.accessSizes().allows(off, size)) throw badSize(r, off, size, false);
        long v = d.read(off, size, who.id());
        if (size < 8) v &= (1L << (size * 8)) - 1;
        MmioTrace t = trace;
        if (t != null) t.access(who, false, pa, size, v, r, off);
        return v;
    }

    public void write(long pa, int size, long value, BusMaster who) {
        write(pa, size, value, who, false);
    }

    /** As {@link #readDoubleword}: to a device that does not take 8 bytes, two word writes, the low word first. */
    public void writeDoubleword(long pa, long value, BusMaster who) {
        write(pa, 8, value, who, true);
    }

    private void write(long pa, int size, long value, BusMaster who, boolean splitForDevice) {
        Region r = find(pa);
        if (r == null) throw unmapped(pa, size, true);
        long off = pa - r.base();
        if (off > r.size() - size) throw unmapped(pa, size, true);
        if (size < 8) value &= (1L << (size * 8)) - 1;
        switch (r.kind()) {
            case RAM -> {
                long h = r.ram().hostAddress() + r.offsetInBlock() + off;
                switch (size) {
                    case 1 -> HostMemory.write8(h, (int) value);
                    case 2 -> HostMemory.write16(h, (int) value);
                    case 4 -> HostMemory.write32(h, (int) value);
                    case 8 -> HostMemory.write64(h, value);
                    default -> throw new IllegalArgumentException("access size " + size);
                }
            }
            case ROM -> {
                reportOnce(pa, "write of " + size + " bytes to ROM " + r.name() + " at 0x" + Long.toHexString(pa) + " ignored");
                throw new BusErrorException(BusErrorException.Kind.READ_ONLY, pa, "write to ROM " + r.name());
            }
            case MMIO -> {
                if (splitForDevice && !r.device().accessSizes().allows(off, 8)) {
                    writeDevice(r, pa, off, 4, value & 0xffffffffL, who);
                    writeDevice(r, pa + 4, off + 4, 4, value >>> 32, who);
                } else {
                    writeDevice(r, pa, off, size, value, who);
                }
            }
        }
    }

    private void writeDevice(Region r, long pa, long off, int size, long value, BusMaster who) {
        MmioDevice d = r.device();
        if (!d.accessSizes().allows(off, size)) throw badSize(r, off, size, true);
        MmioTrace t = trace;
        if (t != null) t.access(who, true, pa, size, value, r, off);
        d.write(off, size, value, who.id());
    }

    /** Copies guest-physical memory into {@code dst}; RAM/ROM only (a DMA engine never reads registers). */
    public void readBytes(long pa, byte[] dst, int off, int len) {
        Region r = memoryRegion(pa, len);
        r.ram().read(r.offsetInBlock() + pa - r.base(), dst, off, len);
    }

    public void writeBytes(long pa, byte[] src, int off, int len) {
        Region r = memoryRegion(pa, len);
        if (r.kind() == Region.Kind.ROM) throw new BusErrorException(BusErrorException.Kind.READ_ONLY, pa, "write to ROM " + r.name());
        r.ram().write(r.offsetInBlock() + pa - r.base(), src, off, len);
        notifyRamWritten(pa, len);
    }

    /** The RAM or ROM region wholly containing {@code [pa, pa+len)}, else a bus error. */
    public Region memoryRegion(long pa, long len) {
        Region r = find(pa);
        if (r == null || r.kind() == Region.Kind.MMIO || len < 0 || pa - r.base() > r.size() - len)
            throw new BusErrorException(BusErrorException.Kind.UNMAPPED, pa,
                    String.format("[0x%x, +0x%x) is not wholly inside guest RAM", pa, len));
        return r;
    }

    private BusErrorException unmapped(long pa, int size, boolean write) {
        reportOnce(pa, String.format("%s of %d bytes at unmapped physical address 0x%x", write ? "write" : "read", size, pa));
        return new BusErrorException(BusErrorException.Kind.UNMAPPED, pa, "nothing mapped at 0x" + Long.toHexString(pa));
    }

    private BusErrorException badSize(Region r, long off, int size, boolean write) {
        reportOnce(r.base() + off, String.format("%s: %d-byte %s at offset 0x%x refused (device accepts %s)",
                r.name(), size, write ? "write" : "read", off, r.device().accessSizes()));
        return new BusErrorException(BusErrorException.Kind.BAD_SIZE, r.base() + off, "bad access size " + size + " for " + r.name());
    }

    private void reportOnce(long pa, String msg) {
        if (reportedPages.add(pa >>> 12)) log.warn("{} (reported once per page)", msg);
    }

    /** The map in the manner of QEMU's {@code info mtree}. */
    public String mtree() {
        StringBuilder sb = new StringBuilder("address-space: physical (").append(PHYS_BITS).append("-bit)\n");
        List<Region> sorted = new ArrayList<>(List.of(regions));
        for (Region r : sorted) {
            String kind = switch (r.kind()) {
                case RAM -> "ram";
                case ROM -> "rom";
                case MMIO -> "i/o";
            };
            sb.append(String.format("  %010x-%010x (prio 0, %s): %s%n", r.base(), r.end() - 1, kind, r.name()));
        }
        return sb.toString();
    }
}
