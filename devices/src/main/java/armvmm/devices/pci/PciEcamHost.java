package armvmm.devices.pci;

import armvmm.bus.AccessSizes;
import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;
import armvmm.snapshot.SnapshotFormatException;
import armvmm.snapshot.Snapshottable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A generic PCI Express host as Linux's and kvm-unit-tests' "pci-host-ecam-generic" drivers find it: the
 * configuration space of every function through an ECAM window (PCIe 4.0, 7.2.2: bus in address bits
 * 27:20, device 19:15, function 14:12, register 11:0), and a memory window and an I/O window that pass
 * accesses to whichever BAR decodes them. Functions sit on bus 0 only (no bridges); function 0 of device 0
 * is the {@link PciHostBridge}. A configuration read of a function that is not there, or of the extended
 * space of one that has only the first 256 bytes, returns all ones, and an access through a window that no
 * enabled BAR decodes is a master abort (all ones, writes dropped), logged once: the guest sees what
 * PCI says it sees, never a bus error.
 *
 * <p>No INTx, no MSI: none of the functions modelled raises an interrupt. The windows are mapped whole
 * and decode on every access, so a BAR moves without remapping anything on the bus.
 */
public final class PciEcamHost {
    /** ECAM gives every bus 1 MiB: 32 devices of 8 functions of 4 KiB. */
    public static final int BUS_SHIFT = 20, DEVFN_SHIFT = 12;
    public static final int DEVICES = 32, FUNCTIONS = 8;

    private final String name;
    private final PciFunction[] bus0 = new PciFunction[DEVICES * FUNCTIONS];
    private final UnknownAccessLog log;
    private final Ecam ecam = new Ecam();

    public PciEcamHost(String name) {
        this.name = name;
        this.log = new UnknownAccessLog(name);
        bus0[0] = new PciHostBridge();
    }

    /** Plugs {@code f} in as function 0 of the lowest free device number; returns that number, or -1 when bus 0 is full. */
    public synchronized int plug(PciFunction f) {
        for (int dev = 1; dev < DEVICES; dev++) {
            if (bus0[dev * FUNCTIONS] == null) {
                bus0[dev * FUNCTIONS] = f;
                return dev;
            }
        }
        return -1;
    }

    /** The function at bus 0, {@code devfn}, or null. */
    public synchronized PciFunction function(int devfn) { return bus0[devfn]; }

    /** The configuration window, for the ECAM region; it holds the host's state for snapshots. */
    public MmioDevice ecam() { return ecam; }

    /** The memory window, mapped at {@code cpuBase}, where PCI memory addresses equal CPU addresses (the tree's ranges say so). */
    public MmioDevice memoryWindow(long cpuBase) { return new Window(name + "-mmio", PciBar.Space.MEMORY_32, cpuBase); }

    /** The I/O window: PCI I/O address 0 at its first byte. */
    public MmioDevice ioWindow() { return new Window(name + "-pio", PciBar.Space.IO, 0); }

    private final class Ecam implements MmioDevice, Snapshottable {
        @Override
        public String name() { return name + "-ecam"; }

        @Override
        public AccessSizes accessSizes() { return AccessSizes.UP_TO_WORD; }

        @Override
        public long read(long offset, int size, int requester) {
            synchronized (PciEcamHost.this) {
                PciFunction f = target(offset);
                int reg = (int) (offset & ((1 << DEVFN_SHIFT) - 1));
                if (f == null || reg >= PciFunction.CONFIG_SIZE) return allOnes(size);
                return f.configRead(reg, size);
            }
        }

        @Override
        public void write(long offset, int size, long value, int requester) {
            synchronized (PciEcamHost.this) {
                PciFunction f = target(offset);
                int reg = (int) (offset & ((1 << DEVFN_SHIFT) - 1));
                if (f != null && reg < PciFunction.CONFIG_SIZE) f.configWrite(reg, size, value);
            }
        }

        @Override
        public String registerName(long offset) {
            ConfigHeader r = ConfigHeader.at((int) (offset & ((1 << DEVFN_SHIFT) - 1)));
            int devfn = (int) (offset >>> DEVFN_SHIFT) & 0xff;
            return String.format("%02x:%02x.%x %s", offset >>> BUS_SHIFT, devfn >>> 3, devfn & 7, r == null ? "config" : r.name());
        }

        @Override
        public void reset() {
            synchronized (PciEcamHost.this) {
                for (PciFunction f : bus0) if (f != null) f.reset();
            }
        }

        /** Each function present, by devfn, in devfn order: the same machine has the same functions. */
        @Override
        public void saveState(DataOutput out) throws IOException {
            synchronized (PciEcamHost.this) {
                for (PciFunction f : bus0) if (f != null) f.saveState(out);
            }
        }

        @Override
        public void loadState(DataInput in) throws IOException {
            synchronized (PciEcamHost.this) {
                for (PciFunction f : bus0) if (f != null) f.loadState(in);
            }
        }
    }

    private PciFunction target(long offset) {
        if (offset >>> BUS_SHIFT != 0) return null;
        return bus0[(int) (offset >>> DEVFN_SHIFT) & 0xff];
    }

    private static long allOnes(int size) { return size == 8 ? -1L : (1L << (8 * size)) - 1; }

    /** A window that hands each access to the BAR decoding it; an access straddling a BAR's end is a master abort. */
    private final class Window implements MmioDevice {
        private final String windowName;
        private final PciBar.Space space;
        private final long busBase;

        Window(String windowName, PciBar.Space space, long busBase) {
            this.windowName = windowName;
            this.space = space;
            this.busBase = busBase;
        }

        @Override
        public String name() { return windowName; }

        @Override
        public AccessSizes accessSizes() { return AccessSizes.UP_TO_WORD; }

        @Override
        public long read(long offset, int size, int requester) {
            synchronized (PciEcamHost.this) {
                long address = busBase + offset;
                for (PciFunction f : bus0) {
                    PciBar b = f == null ? null : f.decode(space, address);
                    if (b != null && fits(f, b, address, size)) return f.barRead(b, (int) (address - f.barAddress(b)), size);
                }
                log.once(label() + " read that no BAR decodes (master abort: all ones)", offset, size);
                return allOnes(size);
            }
        }

        @Override
        public void write(long offset, int size, long value, int requester) {
            synchronized (PciEcamHost.this) {
                long address = busBase + offset;
                for (PciFunction f : bus0) {
                    PciBar b = f == null ? null : f.decode(space, address);
                    if (b != null && fits(f, b, address, size)) {
                        f.barWrite(b, (int) (address - f.barAddress(b)), size, value);
                        return;
                    }
                }
                log.once(label() + " write that no BAR decodes (master abort: dropped)", offset, size);
            }
        }

        private String label() { return space == PciBar.Space.IO ? "I/O window" : "memory window"; }

        private boolean fits(PciFunction f, PciBar b, long address, int size) { return address + size - f.barAddress(b) <= b.size(); }
    }
}
