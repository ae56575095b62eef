package armvmm.snapshot;

import armvmm.accel.Vcpu;
import armvmm.accel.VcpuDebug;
import armvmm.bus.Region;
import armvmm.cp15.CpReg;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.memory.RamBlock;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Saves a whole machine into a snapshot and restores one into a machine built from the same configuration.
 * The walk is fixed: the machine section (its clock), RAM in bus order, the vCPUs by index, then every
 * {@link Snapshottable} device in bus order; the package documentation gives each section's layout.
 */
public final class MachineSnapshot {
    private MachineSnapshot() {}

    static final String MACHINE = "machine";
    static final String RAM_PREFIX = "ram ";
    static final String CPU_PREFIX = "cpu ";
    static final String DEVICE_PREFIX = "device ";
    static final int PAGE = 4096;
    /** Guest pages per RAM section: 16 MiB of guest memory, at most that much (plus its bitmap) in the file. */
    static final int CHUNK_PAGES = 4096;
    static final int ENCODING_RAW = 0, ENCODING_DEFLATE = 1;

    /** What a save wrote: the file's size, how many RAM pages it holds (the rest were zero) and how long it took. */
    public record Saved(long fileBytes, long ramPagesStored, long ramPagesTotal, long millis) {}

    /** {@link #save(Machine, Path, boolean)}, the machine resumed afterwards. */
    public static Saved save(Machine machine, Path file) throws IOException { return save(machine, file, true); }

    /**
     * Pauses the machine, writes its state to {@code file} (through a temporary file beside it, so that a
     * failed save leaves no half file under the name), and resumes it unless {@code resume} is false (the
     * machine is about to stop: the guest runs no further than what was saved).
     */
    public static Saved save(Machine machine, Path file, boolean resume) throws IOException {
        long start = System.nanoTime();
        debugOf(machine); // an accelerator that cannot save says so before anything is paused
        Path tmp = file.resolveSibling(file.getFileName() + ".partial");
        long[] pages;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                pages = pauseAndWrite(machine, out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            if (resume) resumeAfterWrite(machine);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Saved(Files.size(file), pages[0], pages[1], (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Pauses the machine, lets its devices finish what they have in flight, and writes it all to {@code out}
     * (flushed, not closed). The machine stays paused, its devices held, whatever happens: the caller either
     * resumes it ({@link #resumeAfterWrite}) or ends it (the guest goes on elsewhere, or nowhere).
     * Returns {pages stored, pages in all}.
     */
    static long[] pauseAndWrite(Machine machine, OutputStream out) throws IOException {
        List<VcpuDebug> cpus = debugOf(machine);
        machine.pause();
        for (Snapshottable s : devices(machine).values()) s.quiesce();
        long[] pages = write(machine, cpus, out);
        out.flush();
        return pages;
    }

    /** After {@link #pauseAndWrite}: the machine and its devices go on. */
    static void resumeAfterWrite(Machine machine) {
        machine.resume();
        for (Snapshottable s : devices(machine).values()) s.resumeAfterSave();
    }

    private static List<VcpuDebug> debugOf(Machine machine) {
        List<VcpuDebug> out = new ArrayList<>();
        for (Vcpu v : machine.vcpus())
            out.add(v.debug().orElseThrow(() -> new UnsupportedOperationException(
                    "this accelerator cannot save or restore vCPU state yet (snapshots need --accel tcg)")));
        return out;
    }

    /** Every device with state, by section id, in bus order; a device mapped twice (an alias) once. */
    static Map<String, Snapshottable> devices(Machine machine) {
        Map<String, Snapshottable> out = new LinkedHashMap<>();
        Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Region r : machine.bus().regions()) {
            if (!(r.device() instanceof Snapshottable s) || !seen.add(s)) continue;
            String name = r.device().name();
            String id = DEVICE_PREFIX + (name.contains("@") ? name : name + "@" + Long.toHexString(r.base()));
            if (out.put(id, s) != null) throw new IllegalStateException("two devices are named " + id);
        }
        return out;
    }

    /** RAM blocks in bus order with the region that maps each first (ROM is rebuilt by the board, not saved). */
    static Map<String, Region> ramRegions(Machine machine) {
        Map<String, Region> out = new LinkedHashMap<>();
        Set<RamBlock> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Region r : machine.bus().regions())
            if (r.kind() == Region.Kind.RAM && seen.add(r.ram())) out.put(RAM_PREFIX + r.ram().name(), r);
        return out;
    }

    public static SnapshotHeader headerOf(Machine machine) {
        MachineConfig c = machine.config();
        return new SnapshotHeader(SnapshotFile.VERSION, c.board(), c.cpus(), c.memoryBytes());
    }

    /** Writes the machine (paused) to {@code out}; returns {stored pages, total pages}. */
    static long[] write(Machine machine, List<VcpuDebug> cpus, OutputStream out) throws IOException {
        SnapshotFile.Writer w = new SnapshotFile.Writer(out, headerOf(machine));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        d.writeLong(machine.clock().nanos());
        w.section(MACHINE, body);
        long stored = 0, total = 0;
        for (Map.Entry<String, Region> e : ramRegions(machine).entrySet()) {
            RamBlock ram = e.getValue().ram();
            long pagesInBlock = ram.size() / PAGE;
            total += pagesInBlock;
            for (long first = 0; first < pagesInBlock; first += CHUNK_PAGES) {
                int n = (int) Math.min(CHUNK_PAGES, pagesInBlock - first);
                body.reset();
                int kept = writeRamChunk(ram, first, n, d);
                stored += kept;
                if (kept > 0) w.section(e.getKey(), body);
            }
        }
        List<? extends Vcpu> vcpus = machine.vcpus();
        for (int i = 0; i < vcpus.size(); i++) {
            body.reset();
            writeCpu(vcpus.get(i), cpus.get(i), d);
            w.section(CPU_PREFIX + i, body);
        }
        for (Map.Entry<String, Snapshottable> e : devices(machine).entrySet()) {
            body.reset();
            e.getValue().saveState(d);
            d.flush();
            w.section(e.getKey(), body);
        }
        w.finish();
        return new long[] {stored, total};
    }

    /**
     * One chunk: its first page, its page count, a bitmap of the pages stored (a page of zeros is not), then
     * the stored pages deflated. Returns how many pages it stores (0: the caller drops the section).
     */
    private static int writeRamChunk(RamBlock ram, long firstPage, int pages, DataOutputStream d) throws IOException {
        byte[] bitmap = new byte[(pages + 7) / 8];
        byte[] page = new byte[PAGE];
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int kept = 0;
        try {
            for (int p = 0; p < pages; p++) {
                long offset = (firstPage + p) * PAGE;
                // most of a guest's RAM is zero: looked at in place, not copied out first
                if (zeroPage(ram, offset)) continue;
                ram.read(offset, page, 0, PAGE);
                bitmap[p >> 3] |= (byte) (1 << (p & 7));
                kept++;
                deflater.setInput(page);
                while (!deflater.needsInput()) packed.write(buf, 0, deflater.deflate(buf));
            }
            if (kept == 0) return 0;
            deflater.finish();
            while (!deflater.finished()) packed.write(buf, 0, deflater.deflate(buf));
        } finally {
            deflater.end();
        }
        d.writeLong(firstPage);
        d.writeInt(pages);
        d.write(bitmap);
        d.writeByte(ENCODING_DEFLATE);
        packed.writeTo(d);
        d.flush();
        return kept;
    }

    private static boolean zeroPage(RamBlock ram, long offset) {
        for (int i = 0; i < PAGE; i += 8) if (ram.read64(offset + i) != 0) return false;
        return true;
    }

    private static void writeCpu(Vcpu v, VcpuDebug dbg, DataOutputStream d) throws IOException {
        ArmCoreRegisters regs = v.readRegisters();
        CoreReg[] core = CoreReg.values();
        d.writeShort(core.length);
        for (CoreReg r : core) {
            d.writeUTF(r.name());
            d.writeInt(regs.get(r));
        }
        for (int i = 0; i < 32; i++) d.writeLong(dbg.readD(i));
        d.writeInt(dbg.readFpscr());
        d.writeInt(dbg.readFpexc());
        d.writeByte(dbg.powerState().ordinal());
        d.writeBoolean(dbg.eventRegister());
        List<CpReg> state = stateRegisters(dbg);
        int entries = 0;
        for (CpReg r : state) entries += r.banked() ? 2 : 1;
        d.writeShort(entries);
        for (CpReg r : state) {
            d.writeUTF(r.name());
            d.writeByte(0);
            d.writeLong(dbg.readSystemRegisterBank(r, false));
            if (r.banked()) {
                d.writeUTF(r.name());
                d.writeByte(1);
                d.writeLong(dbg.readSystemRegisterBank(r, true));
            }
        }
    }

    /** The registers a snapshot carries: every one with a value of its own, identification constants left out. */
    static List<CpReg> stateRegisters(VcpuDebug dbg) {
        return dbg.systemRegisters().stream().filter(r -> r.kind() != CpReg.Kind.CONSTANT && r.hasStorage()).toList();
    }

    // ---- restore

    /**
     * Restores {@code file} into {@code machine}: built from the configuration the snapshot was taken with
     * (the header is compared with it) and not yet started. Every failure is a {@link SnapshotFormatException}
     * with a one-line message; the machine is then unusable.
     */
    public static void restore(Machine machine, Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            restore(machine, in);
        }
    }

    public static void restore(Machine machine, InputStream in) throws IOException {
        List<VcpuDebug> cpus = debugOf(machine);
        SnapshotFile.Reader r = new SnapshotFile.Reader(in);
        SnapshotHeader h = r.header(), mine = headerOf(machine);
        if (!h.board().equals(mine.board()))
            throw new SnapshotFormatException("the snapshot is of board " + h.board() + ", not " + mine.board() + " (give --board " + h.board() + ")");
        if (h.cpus() != mine.cpus())
            throw new SnapshotFormatException("the snapshot has " + h.cpus() + " CPUs, this machine " + mine.cpus() + " (give --cpus " + h.cpus() + ")");
        if (h.ramBytes() != mine.ramBytes())
            throw new SnapshotFormatException("the snapshot has " + h.ramBytes() + " bytes of RAM, this machine " + mine.ramBytes()
                    + " (give --memory " + h.ramBytes() / (1 << 20) + "M)");
        Map<String, Region> rams = ramRegions(machine);
        Map<String, Snapshottable> devices = devices(machine);
        List<? extends Vcpu> vcpus = machine.vcpus();
        Map<String, Integer> cpuIds = new HashMap<>();
        for (int i = 0; i < vcpus.size(); i++) cpuIds.put(CPU_PREFIX + i, i);
        Set<String> loaded = new HashSet<>();
        Map<String, Set<Long>> chunksLoaded = new HashMap<>();

        SnapshotFile.Section s = r.next();
        if (s == null || !s.id().equals(MACHINE)) throw new SnapshotFormatException("corrupt: the first section is not the machine section");
        DataInputStream md = s.open();
        long nanos = readSection(s, () -> md.readLong(), md);
        if (nanos < 0) throw new SnapshotFormatException("section machine: clock " + nanos + " is negative");
        machine.clock().continueFrom(nanos);
        for (Region ram : rams.values()) ram.ram().clear();

        while ((s = r.next()) != null) {
            String id = s.id();
            DataInputStream d = s.open();
            if (rams.containsKey(id)) {
                Region region = rams.get(id);
                long first = readSection(s, () -> readRamChunk(id, region.ram(), d), d);
                if (!chunksLoaded.computeIfAbsent(id, k -> new HashSet<>()).add(first))
                    throw new SnapshotFormatException("section " + id + ": page " + first + " stored twice");
                continue;
            }
            if (!loaded.add(id)) throw new SnapshotFormatException("section " + id + " appears twice");
            if (cpuIds.containsKey(id)) {
                int i = cpuIds.get(id);
                readSection(s, () -> { readCpu(id, vcpus.get(i), cpus.get(i), d); return null; }, d);
            } else if (devices.containsKey(id)) {
                Snapshottable dev = devices.get(id);
                readSection(s, () -> { dev.loadState(d); return null; }, d);
            } else if (id.equals(MACHINE)) {
                throw new SnapshotFormatException("section machine appears twice");
            } else {
                throw new SnapshotFormatException("section " + id + ": this machine has no such part"
                        + " (restore with the --drive, --netdev and --device options the snapshot was taken with)");
            }
        }
        for (String id : cpuIds.keySet())
            if (!loaded.contains(id)) throw new SnapshotFormatException("section " + id + " is missing");
        for (String id : devices.keySet())
            if (!loaded.contains(id)) throw new SnapshotFormatException("section " + id + " is missing"
                    + " (restore with the --drive, --netdev and --device options the snapshot was taken with)");
        // decoded code of the images the board loaded is stale now
        for (Region ram : rams.values()) machine.bus().notifyRamWritten(ram.base(), ram.size());
    }

    @FunctionalInterface
    private interface Body<T> {
        T read() throws IOException;
    }

    /** Reads a section's body; a body that ends early or has bytes left over is corrupt. */
    private static <T> T readSection(SnapshotFile.Section s, Body<T> body, DataInputStream d) throws IOException {
        T t;
        try {
            t = body.read();
        } catch (java.io.EOFException e) {
            throw new SnapshotFormatException("section " + s.id() + ": ends early (" + s.body().length + " bytes)");
        } catch (java.io.UTFDataFormatException e) {
            throw new SnapshotFormatException("section " + s.id() + ": a corrupt register name");
        }
        if (d.available() != 0) throw new SnapshotFormatException("section " + s.id() + ": " + d.available() + " bytes left over");
        return t;
    }

    private static long readRamChunk(String id, RamBlock ram, DataInputStream d) throws IOException {
        long pagesInBlock = ram.size() / PAGE;
        long first = d.readLong();
        int pages = d.readInt();
        if (first < 0 || first >= pagesInBlock || first % CHUNK_PAGES != 0)
            throw new SnapshotFormatException("section " + id + ": first page " + first + " is not a chunk of this " + ram.size() + "-byte RAM");
        if (pages != Math.min(CHUNK_PAGES, pagesInBlock - first))
            throw new SnapshotFormatException("section " + id + ": " + pages + " pages at page " + first + " do not match this RAM");
        byte[] bitmap = new byte[(pages + 7) / 8];
        d.readFully(bitmap);
        int encoding = d.readUnsignedByte();
        if (encoding != ENCODING_DEFLATE && encoding != ENCODING_RAW)
            throw new SnapshotFormatException("section " + id + ": unknown page encoding " + encoding);
        int kept = 0;
        for (int p = 0; p < pages; p++) if ((bitmap[p >> 3] & (1 << (p & 7))) != 0) kept++;
        if (kept == 0) throw new SnapshotFormatException("section " + id + ": stores no page");
        byte[] data = new byte[kept * PAGE];
        if (encoding == ENCODING_RAW) {
            d.readFully(data);
        } else {
            byte[] packed = d.readAllBytes();
            Inflater inf = new Inflater();
            try {
                inf.setInput(packed);
                int n = 0;
                while (n < data.length && !inf.finished()) {
                    int got = inf.inflate(data, n, data.length - n);
                    if (got == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                    n += got;
                }
                if (n != data.length || !inf.finished() || inf.getRemaining() != 0)
                    throw new SnapshotFormatException("section " + id + ": the pages do not inflate to " + kept + " pages");
            } catch (DataFormatException e) {
                throw new SnapshotFormatException("section " + id + ": corrupt compressed pages (" + e.getMessage() + ")");
            } finally {
                inf.end();
            }
        }
        int at = 0;
        for (int p = 0; p < pages; p++) {
            if ((bitmap[p >> 3] & (1 << (p & 7))) == 0) continue;
            ram.write((first + p) * PAGE, data, at, PAGE);
            at += PAGE;
        }
        return first;
    }

    private static void readCpu(String id, Vcpu v, VcpuDebug dbg, DataInputStream d) throws IOException {
        Map<String, CoreReg> coreByName = new HashMap<>();
        for (CoreReg c : CoreReg.values()) coreByName.put(c.name(), c);
        int n = d.readUnsignedShort();
        if (n != CoreReg.values().length) throw new SnapshotFormatException("section " + id + ": " + n + " core registers, not " + CoreReg.values().length);
        int[] core = new int[CoreReg.values().length];
        boolean[] seen = new boolean[core.length];
        for (int i = 0; i < n; i++) {
            String name = d.readUTF();
            CoreReg c = coreByName.get(name);
            if (c == null || seen[c.ordinal()]) throw new SnapshotFormatException("section " + id + ": core register '" + name + "' unknown or repeated");
            seen[c.ordinal()] = true;
            core[c.ordinal()] = d.readInt();
        }
        long[] dregs = new long[32];
        for (int i = 0; i < 32; i++) dregs[i] = d.readLong();
        int fpscr = d.readInt(), fpexc = d.readInt();
        int power = d.readUnsignedByte();
        VcpuDebug.PowerState[] states = VcpuDebug.PowerState.values();
        if (power >= states.length) throw new SnapshotFormatException("section " + id + ": power state " + power + " unknown");
        boolean event = d.readBoolean();
        Map<String, CpReg> byName = new HashMap<>();
        for (CpReg r : stateRegisters(dbg)) byName.put(r.name(), r);
        int entries = d.readUnsignedShort();
        Map<CpReg, long[]> values = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            String name = d.readUTF();
            int bank = d.readUnsignedByte();
            long value = d.readLong();
            CpReg r = byName.get(name);
            if (r == null) throw new SnapshotFormatException("section " + id + ": cp15 register " + name + " is not state of this CPU");
            if (bank > 1 || bank == 1 && !r.banked())
                throw new SnapshotFormatException("section " + id + ": cp15 register " + name + " has no bank " + bank);
            values.computeIfAbsent(r, k -> new long[] {k.resetValue(), k.resetValue(), 0})[bank] = value;
        }
        for (Map.Entry<CpReg, long[]> e : values.entrySet()) {
            dbg.writeSystemRegisterBank(e.getKey(), false, e.getValue()[0]);
            if (e.getKey().banked()) dbg.writeSystemRegisterBank(e.getKey(), true, e.getValue()[1]);
        }
        // the banks and the regime follow the restored SCR before the CPSR's mode is checked against them
        dbg.systemRegistersWritten();
        v.writeRegisters(new ArmCoreRegisters(core));
        for (int i = 0; i < 32; i++) dbg.writeD(i, dregs[i]);
        dbg.writeFpscr(fpscr);
        dbg.writeFpexc(fpexc);
        dbg.setPowerState(states[power]);
        dbg.setEventRegister(event);
    }
}
