package armvmm.devices.gic;

import armvmm.accel.Vcpu;
import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.bus.MmioDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * A GICv2 (ARM IHI 0048B) shaped like a GIC-400 without the Security Extensions: what QEMU's vexpress-a15
 * gives a guest, so Linux runs it as a plain single-security-state GIC. Interrupt grouping is kept
 * (GICD_IGROUPR, GICC_CTLR EnableGrp0/EnableGrp1, FIQEn, AckCtl) because bare-metal programs use group 0
 * as FIQ.
 *
 * <p>The state lives here; {@link #distributor()} and {@link #cpuInterface()} are the two register frames
 * on the bus. Device threads move input lines while vCPUs access registers, so one lock guards everything
 * and every change ends by recomputing each CPU's IRQ and FIQ outputs. The CPU input lines are set under
 * that lock and must not call back into the GIC.
 */
public final class Gicv2 implements InterruptController {
    static final int SGIS = 16;
    static final int PRIVATE = 32;
    static final int MAX_CPUS = 8;
    /** GIC-400 implements 5 priority bits: 32 levels, the low 3 bits read as zero. */
    static final int PRIORITY_BITS_MASK = 0xF8;
    /** With 5 priority bits the smallest binary point that still splits group from sub-priority is 2. */
    static final int MIN_BPR = 2;
    static final int IDLE_PRIORITY = 0xFF;
    static final int INTID_SPURIOUS = 1023;
    /** IAR's answer when the winner is Group 1 and GICC_CTLR.AckCtl forbids acknowledging it there. */
    static final int INTID_GROUP1_PENDING = 1022;

    /** One interrupt as one CPU sees it: SGIs and PPIs have one per CPU, an SPI is shared by all. */
    static final class Irq {
        boolean enabled;
        boolean latched;
        boolean active;
        boolean lineHigh;
        boolean edge;
        boolean group1;
        int priority;
        int targets;
        /** SGIs only: one pending bit per requesting CPU, the source reported in GICC_IAR. */
        int sgiSources;

        boolean pending(int intid) {
            if (intid < SGIS) return sgiSources != 0;
            return latched || (!edge && lineHigh);
        }
    }

    /** An acknowledged interrupt that has not had its priority dropped (EOIR): the active priorities. */
    record Preemption(int intid, int source, int groupPriority) {}

    /** Per-CPU interface state (GICC_*). */
    static final class CpuInterface {
        final IrqLine irq;
        final IrqLine fiq;
        int ctlr;
        int pmr;
        int bpr = MIN_BPR;
        int abpr = MIN_BPR + 1;
        final List<Preemption> preemptions = new ArrayList<>();

        CpuInterface(IrqLine irq, IrqLine fiq) {
            this.irq = irq;
            this.fiq = fiq;
        }

        void reset() {
            ctlr = 0;
            pmr = 0;
            bpr = MIN_BPR;
            abpr = MIN_BPR + 1;
            preemptions.clear();
        }
    }

    static final int GICD_CTLR_ENABLE_GRP0 = 1;
    static final int GICD_CTLR_ENABLE_GRP1 = 1 << 1;
    static final int GICC_CTLR_ENABLE_GRP0 = 1;
    static final int GICC_CTLR_ENABLE_GRP1 = 1 << 1;
    static final int GICC_CTLR_ACKCTL = 1 << 2;
    static final int GICC_CTLR_FIQEN = 1 << 3;
    static final int GICC_CTLR_CBPR = 1 << 4;
    static final int GICC_CTLR_EOIMODE = 1 << 9;
    /** EnableGrp0/1, AckCtl, FIQEn, CBPR, the four bypass-disable bits, EOImode. */
    static final int GICC_CTLR_WRITABLE = 0x3FF;

    final Object lock = new Object();
    final int cpus;
    final int lines;
    /** bank[cpu][intid]: rows share the SPI objects, so one index reaches any interrupt as that CPU sees it. */
    final Irq[][] bank;
    final CpuInterface[] cpu;
    int distCtlr;

    private final GicDistributor distributor;
    private final GicCpuInterface cpuInterface;
    private final IrqLine[] spiInputs;
    private final IrqLine[][] ppiInputs;

    /**
     * @param lines number of interrupt IDs, a multiple of 32 from 64 to 1024 (GICD_TYPER.ITLinesNumber)
     * @param irqs  each CPU's IRQ input, index = CPU interface number
     * @param fiqs  each CPU's FIQ input, same order
     */
    public Gicv2(int lines, List<IrqLine> irqs, List<IrqLine> fiqs) {
        if (lines % 32 != 0 || lines < 64 || lines > 1024) throw new IllegalArgumentException("GICv2 lines must be a multiple of 32 in 64..1024: " + lines);
        if (irqs.isEmpty() || irqs.size() > MAX_CPUS || irqs.size() != fiqs.size())
            throw new IllegalArgumentException("GICv2 takes 1 to 8 CPUs with an IRQ and a FIQ line each");
        this.cpus = irqs.size();
        this.lines = lines;
        bank = new Irq[cpus][lines];
        cpu = new CpuInterface[cpus];
        for (int i = PRIVATE; i < lines; i++) {
            Irq spi = new Irq();
            for (int c = 0; c < cpus; c++) bank[c][i] = spi;
        }
        for (int c = 0; c < cpus; c++) {
            for (int i = 0; i < PRIVATE; i++) bank[c][i] = new Irq();
            cpu[c] = new CpuInterface(irqs.get(c), fiqs.get(c));
        }
        spiInputs = new IrqLine[lines];
        for (int i = PRIVATE; i < Math.min(lines, 1020); i++) {
            int intid = i;
            spiInputs[i] = level -> setLine(0, intid, level);
        }
        ppiInputs = new IrqLine[cpus][PRIVATE];
        for (int c = 0; c < cpus; c++)
            for (int i = SGIS; i < PRIVATE; i++) {
                int cpuIndex = c, intid = i;
                ppiInputs[c][i] = level -> setLine(cpuIndex, intid, level);
            }
        resetState();
        distributor = new GicDistributor(this);
        cpuInterface = new GicCpuInterface(this);
    }

    /** The GIC driving the IRQ and FIQ inputs of these vCPUs. */
    public static Gicv2 forVcpus(int lines, List<? extends Vcpu> vcpus) {
        return new Gicv2(lines, vcpus.stream().map(Vcpu::irqInput).toList(), vcpus.stream().map(Vcpu::fiqInput).toList());
    }

    /** The distributor register frame (GICD_*, 4 KiB). */
    public MmioDevice distributor() { return distributor; }

    /** The CPU interface register frame (GICC_*, 8 KiB: GICC_DIR is at 0x1000). */
    public MmioDevice cpuInterface() { return cpuInterface; }

    public int cpus() { return cpus; }

    @Override
    public IrqLine spi(int intid) {
        if (intid < PRIVATE || intid >= lines || intid >= 1020) throw new IllegalArgumentException("no SPI " + intid + " on a GIC with " + lines + " lines");
        return spiInputs[intid];
    }

    @Override
    public IrqLine ppi(int cpuIndex, int intid) {
        if (cpuIndex < 0 || cpuIndex >= cpus) throw new IllegalArgumentException("no CPU " + cpuIndex + " on this GIC");
        if (intid < SGIS || intid >= PRIVATE) throw new IllegalArgumentException("PPIs are 16..31, not " + intid);
        return ppiInputs[cpuIndex][intid];
    }

    @Override
    public int lines() { return lines; }

    @Override
    public List<String> describeLines() {
        List<String> out = new java.util.ArrayList<>();
        synchronized (lock) {
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < lines; i++) {
                    if (i >= PRIVATE && c > 0) break; // SPIs are one per machine, shown with CPU 0
                    Irq q = bank[c][i];
                    boolean pending = q.pending(i);
                    if (!q.enabled && !pending && !q.active && !q.lineHigh) continue;
                    out.add(String.format("%s %4d:%s%s%s%s priority 0x%02x %s", i < PRIVATE ? "cpu" + c : "spi ", i,
                            q.enabled ? " enabled" : "", pending ? " pending" : "", q.active ? " active" : "",
                            q.lineHigh ? " line-high" : "", q.priority, i < PRIVATE ? "" : String.format("targets 0x%02x", q.targets)));
                }
        }
        return out;
    }

    private void setLine(int cpuIndex, int intid, boolean level) {
        synchronized (lock) {
            Irq irq = bank[cpuIndex][intid];
            // Devices re-assert a level they already hold (a UART after every character): nothing changes.
            if (irq.lineHigh == level) return;
            if (irq.edge && level) irq.latched = true;
            irq.lineHigh = level;
            update();
        }
    }

    /** Power-on state. Input line levels survive: they belong to the devices, which reset themselves. */
    void reset() {
        synchronized (lock) {
            resetState();
            update();
        }
    }

    private void resetState() {
        distCtlr = 0;
        for (int c = 0; c < cpus; c++) {
            cpu[c].reset();
            for (int i = 0; i < lines; i++) {
                if (c > 0 && i >= PRIVATE) continue;
                Irq irq = bank[c][i];
                irq.enabled = false;
                irq.latched = false;
                irq.active = false;
                irq.group1 = false;
                irq.priority = 0;
                irq.sgiSources = 0;
                // A uniprocessor GIC sends every interrupt to its one CPU (IHI 0048B 4.3.12).
                irq.targets = i < PRIVATE || cpus == 1 ? 1 << c : 0;
                // SGIs are always edge; PPIs and SPIs power on level-sensitive (GICD_ICFGR reset 0).
                irq.edge = i < SGIS;
            }
        }
    }

    // ---- arbitration ----

    /** The priority that decides preemption: the priority with the sub-priority bits below the binary point cleared. */
    int groupPriority(int c, Irq irq) {
        CpuInterface ci = cpu[c];
        // Group 1 uses GICC_ABPR, which counts one higher than GICC_BPR for the same split, unless CBPR shares BPR.
        int point = !irq.group1 || (ci.ctlr & GICC_CTLR_CBPR) != 0 ? ci.bpr : ci.abpr - 1;
        return irq.priority & (0xFF << (point + 1)) & 0xFF;
    }

    int runningPriority(int c) {
        int rp = IDLE_PRIORITY;
        for (Preemption p : cpu[c].preemptions) rp = Math.min(rp, p.groupPriority());
        return rp;
    }

    private boolean groupEnabled(int c, Irq irq) {
        int dist = irq.group1 ? GICD_CTLR_ENABLE_GRP1 : GICD_CTLR_ENABLE_GRP0;
        int cpuIf = irq.group1 ? GICC_CTLR_ENABLE_GRP1 : GICC_CTLR_ENABLE_GRP0;
        return (distCtlr & dist) != 0 && (cpu[c].ctlr & cpuIf) != 0;
    }

    /** The highest-priority pending, enabled, inactive interrupt for CPU c (lowest ID on a tie), or -1. */
    int highestPending(int c) {
        int best = -1;
        int bestPriority = Integer.MAX_VALUE;
        Irq[] row = bank[c];
        for (int i = 0; i < lines; i++) {
            Irq irq = row[i];
            if (!irq.enabled || irq.active || !irq.pending(i)) continue;
            if (i >= PRIVATE && (irq.targets & (1 << c)) == 0) continue;
            if (irq.priority >= bestPriority || !groupEnabled(c, irq)) continue;
            best = i;
            bestPriority = irq.priority;
        }
        return best;
    }

    /** Whether the candidate beats the priority mask and the running priority, so it is signalled. */
    boolean signalled(int c, int intid) {
        if (intid < 0) return false;
        Irq irq = bank[c][intid];
        return irq.priority < cpu[c].pmr && groupPriority(c, irq) < runningPriority(c);
    }

    /** Recomputes every CPU's IRQ and FIQ output. Call with the lock held after any state change. */
    void update() {
        for (int c = 0; c < cpus; c++) {
            int best = highestPending(c);
            boolean raise = signalled(c, best);
            boolean asFiq = raise && !bank[c][best].group1 && (cpu[c].ctlr & GICC_CTLR_FIQEN) != 0;
            cpu[c].irq.set(raise && !asFiq);
            cpu[c].fiq.set(asFiq);
        }
    }

    static int lowestSource(int sources) { return Integer.numberOfTrailingZeros(sources); }

    /** GICC_IAR / GICC_AIAR: acknowledge the signalled interrupt; {@code alias} is the Group 1 view. */
    int acknowledge(int c, boolean alias) {
        int best = highestPending(c);
        if (!signalled(c, best)) return INTID_SPURIOUS;
        Irq irq = bank[c][best];
        if (alias && !irq.group1) return INTID_SPURIOUS;
        if (!alias && irq.group1 && (cpu[c].ctlr & GICC_CTLR_ACKCTL) == 0) return INTID_GROUP1_PENDING;
        int source = 0;
        if (best < SGIS) {
            source = lowestSource(irq.sgiSources);
            // Other requesters stay pending: the SGI becomes active and pending.
            irq.sgiSources &= ~(1 << source);
        } else {
            irq.latched = false;
        }
        irq.active = true;
        cpu[c].preemptions.add(new Preemption(best, source, groupPriority(c, irq)));
        update();
        return source << 10 | best;
    }

    /** GICC_HPPIR / GICC_AHPPIR: what would be acknowledged, ignoring the mask and running priority. */
    int highestPendingId(int c, boolean alias) {
        int best = highestPending(c);
        if (best < 0) return INTID_SPURIOUS;
        Irq irq = bank[c][best];
        if (alias && !irq.group1) return INTID_SPURIOUS;
        if (!alias && irq.group1 && (cpu[c].ctlr & GICC_CTLR_ACKCTL) == 0) return INTID_GROUP1_PENDING;
        return (best < SGIS ? lowestSource(irq.sgiSources) << 10 : 0) | best;
    }

    /** GICC_EOIR / GICC_AEOIR: priority drop, and deactivation too unless GICC_CTLR.EOImode splits them. */
    void endOfInterrupt(int c, int value) {
        int intid = value & 0x3FF;
        int source = intid < SGIS ? (value >> 10) & 7 : 0;
        if (intid >= Math.min(lines, 1020)) return;
        List<Preemption> list = cpu[c].preemptions;
        for (int i = list.size() - 1; i >= 0; i--) {
            Preemption p = list.get(i);
            if (p.intid() == intid && p.source() == source) {
                list.remove(i);
                break;
            }
        }
        if ((cpu[c].ctlr & GICC_CTLR_EOIMODE) == 0) bank[c][intid].active = false;
        update();
    }

    /** GICC_DIR: deactivation alone (EOImode 1: the priority was dropped earlier through EOIR). */
    void deactivate(int c, int value) {
        int intid = value & 0x3FF;
        if (intid >= Math.min(lines, 1020)) return;
        bank[c][intid].active = false;
        update();
    }

    /** GICD_SGIR: raise SGI {@code sgi} from CPU {@code from} on the CPUs the filter selects. */
    void generateSgi(int from, int filter, int targetList, int sgi) {
        int all = (1 << cpus) - 1;
        int targets = switch (filter) {
            case 0 -> targetList & all;
            case 1 -> all & ~(1 << from);
            case 2 -> 1 << from;
            default -> 0;
        };
        for (int c = 0; c < cpus; c++)
            if ((targets & (1 << c)) != 0) bank[c][sgi].sgiSources |= 1 << from;
        update();
    }

    // ---- snapshot (the distributor's section carries the whole GIC: IHI 0048B's state of both frames)

    void saveState(java.io.DataOutput out) throws java.io.IOException {
        synchronized (lock) {
            out.writeShort(cpus);
            out.writeShort(lines);
            out.writeInt(distCtlr);
            for (CpuInterface ci : cpu) {
                out.writeInt(ci.ctlr);
                out.writeByte(ci.pmr);
                out.writeByte(ci.bpr);
                out.writeByte(ci.abpr);
                out.writeShort(ci.preemptions.size());
                for (Preemption p : ci.preemptions) {
                    out.writeShort(p.intid());
                    out.writeByte(p.source());
                    out.writeByte(p.groupPriority());
                }
            }
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < (c == 0 ? lines : PRIVATE); i++) {
                    Irq q = bank[c][i];
                    out.writeByte((q.enabled ? 1 : 0) | (q.latched ? 2 : 0) | (q.active ? 4 : 0) | (q.lineHigh ? 8 : 0)
                            | (q.edge ? 16 : 0) | (q.group1 ? 32 : 0));
                    out.writeByte(q.priority);
                    out.writeByte(q.targets);
                    out.writeByte(q.sgiSources);
                }
        }
    }

    void loadState(java.io.DataInput in) throws java.io.IOException {
        int savedCpus = in.readUnsignedShort(), savedLines = in.readUnsignedShort();
        if (savedCpus != cpus || savedLines != lines)
            throw new armvmm.snapshot.SnapshotFormatException("GIC: the snapshot's has " + savedCpus + " CPU interfaces and " + savedLines
                    + " lines, this one " + cpus + " and " + lines);
        int allCpus = (1 << cpus) - 1;
        synchronized (lock) {
            distCtlr = in.readInt() & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
            for (CpuInterface ci : cpu) {
                ci.ctlr = in.readInt() & GICC_CTLR_WRITABLE;
                ci.pmr = in.readUnsignedByte() & PRIORITY_BITS_MASK;
                ci.bpr = armvmm.snapshot.SnapshotFormatException.check("GIC: GICC_BPR", in.readUnsignedByte(), MIN_BPR, 7);
                ci.abpr = armvmm.snapshot.SnapshotFormatException.check("GIC: GICC_ABPR", in.readUnsignedByte(), MIN_BPR + 1, 7);
                int n = armvmm.snapshot.SnapshotFormatException.check("GIC: active priorities", in.readUnsignedShort(), 0, lines);
                ci.preemptions.clear();
                for (int k = 0; k < n; k++) {
                    int intid = armvmm.snapshot.SnapshotFormatException.check("GIC: active interrupt", in.readUnsignedShort(), 0, lines - 1);
                    int source = armvmm.snapshot.SnapshotFormatException.check("GIC: SGI source", in.readUnsignedByte(), 0, cpus - 1);
                    ci.preemptions.add(new Preemption(intid, source, in.readUnsignedByte() & PRIORITY_BITS_MASK));
                }
            }
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < (c == 0 ? lines : PRIVATE); i++) {
                    Irq q = bank[c][i];
                    int f = in.readUnsignedByte();
                    q.enabled = (f & 1) != 0;
                    q.latched = (f & 2) != 0;
                    q.active = (f & 4) != 0;
                    q.lineHigh = (f & 8) != 0;
                    q.edge = i < SGIS || (f & 16) != 0;
                    q.group1 = (f & 32) != 0;
                    q.priority = in.readUnsignedByte() & PRIORITY_BITS_MASK;
                    int targets = in.readUnsignedByte();
                    q.targets = i < PRIVATE || cpus == 1 ? 1 << c : targets & allCpus;
                    q.sgiSources = i < SGIS ? in.readUnsignedByte() & allCpus : in.readUnsignedByte() & 0;
                }
            update();
        }
    }
}
