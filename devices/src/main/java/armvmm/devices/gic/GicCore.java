package armvmm.devices.gic;

import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a GICv2 and a GICv3 share: the interrupts as each CPU sees them, their input lines, and the
 * arbitration of IHI 0048B and IHI 0069 (their chapters on interrupt prioritization), which the two
 * architectures define the same way (highest priority wins, lowest ID on a tie; the priority mask and the
 * running priority gate signalling; active priorities are kept until the priority drop). Where they differ
 * (how an SPI picks its CPU, which bits enable a group, which binary point splits a priority, when Group 0 is
 * a FIQ) a subclass answers.
 *
 * <p>Device threads move input lines while vCPUs access registers, so one lock guards everything and every
 * change ends by recomputing each CPU's IRQ and FIQ outputs. The CPU input lines are set under that lock and
 * must not call back into the GIC.
 */
abstract class GicCore implements InterruptController {
    static final int SGIS = 16;
    static final int PRIVATE = 32;
    /** 5 priority bits (the GIC-400's, and QEMU's GICv3 CPU interface's): 32 levels, the low 3 bits read as zero. */
    static final int PRIORITY_BITS_MASK = 0xF8;
    /** With 5 priority bits the smallest binary point that still splits group from sub-priority is 2. */
    static final int MIN_BPR = 2;
    static final int IDLE_PRIORITY = 0xFF;
    static final int INTID_SPURIOUS = 1023;
    /** The first special interrupt ID: no input line or register bit at or above it. */
    static final int FIRST_SPECIAL = 1020;

    /** One interrupt as one CPU sees it: SGIs and PPIs have one per CPU, an SPI is shared by all. */
    static final class Irq {
        boolean enabled;
        /** An edge seen, or a pending bit set through a register; for a GICv3 SGI, the SGI itself. */
        boolean latched;
        boolean active;
        boolean lineHigh;
        boolean edge;
        boolean group1;
        int priority;
        /** GICv2 GICD_ITARGETSR: one bit per CPU interface. */
        int targets;
        /** GICv2 SGIs only: one pending bit per requesting CPU, the source reported in GICC_IAR. */
        int sgiSources;
        /** GICv3 GICD_IROUTER: Interrupt_Routing_Mode (bit 31) and the affinity (Aff3 in bits [39:32]). */
        long route;

        boolean pending() { return latched || sgiSources != 0 || (!edge && lineHigh); }
    }

    /** An acknowledged interrupt that has not had its priority dropped (EOIR): the active priorities. */
    record Preemption(int intid, int source, int groupPriority, boolean group1) {}

    /** The per-CPU interface state both architectures have (GICC_* or ICC_*). */
    static final class CpuInterface {
        final IrqLine irq;
        final IrqLine fiq;
        /** GICC_CTLR, or ICC_CTLR's writable bits. */
        int ctlr;
        int pmr;
        /** GICC_BPR or ICC_BPR0. */
        int bpr = MIN_BPR;
        /** GICC_ABPR or ICC_BPR1: one higher than {@link #bpr} for the same split. */
        int abpr = MIN_BPR + 1;
        /** GICv3 ICC_IGRPEN0 (bit 0) and ICC_IGRPEN1 (bit 1). */
        int groupEnables;
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
            groupEnables = 0;
            preemptions.clear();
        }
    }

    final Object lock = new Object();
    final int cpus;
    final int lines;
    /** bank[cpu][intid]: rows share the SPI objects, so one index reaches any interrupt as that CPU sees it. */
    final Irq[][] bank;
    final CpuInterface[] cpu;
    /** GICD_CTLR's enable bits (EnableGrp0 bit 0, EnableGrp1 bit 1 in both architectures' single-security view). */
    int distCtlr;

    private final IrqLine[] spiInputs;
    private final IrqLine[][] ppiInputs;

    GicCore(String what, int lines, List<IrqLine> irqs, List<IrqLine> fiqs, int maxCpus) {
        if (lines % 32 != 0 || lines < 64 || lines > 1024) throw new IllegalArgumentException(what + " lines must be a multiple of 32 in 64..1024: " + lines);
        if (irqs.isEmpty() || irqs.size() > maxCpus || irqs.size() != fiqs.size())
            throw new IllegalArgumentException(what + " takes 1 to " + maxCpus + " CPUs with an IRQ and a FIQ line each");
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
        for (int i = PRIVATE; i < Math.min(lines, FIRST_SPECIAL); i++) {
            int intid = i;
            spiInputs[i] = level -> setLine(0, intid, level);
        }
        ppiInputs = new IrqLine[cpus][PRIVATE];
        for (int c = 0; c < cpus; c++)
            for (int i = SGIS; i < PRIVATE; i++) {
                int cpuIndex = c, intid = i;
                ppiInputs[c][i] = level -> setLine(cpuIndex, intid, level);
            }
    }

    public int cpus() { return cpus; }

    @Override
    public IrqLine spi(int intid) {
        if (intid < PRIVATE || intid >= lines || intid >= FIRST_SPECIAL) throw new IllegalArgumentException("no SPI " + intid + " on a GIC with " + lines + " lines");
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

    /** How an SPI's routing reads in {@link #describeLines} (its targets, its affinity). */
    abstract String describeRouting(Irq spi);

    @Override
    public List<String> describeLines() {
        List<String> out = new ArrayList<>();
        synchronized (lock) {
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < lines; i++) {
                    if (i >= PRIVATE && c > 0) break; // SPIs are one per machine, shown with CPU 0
                    Irq q = bank[c][i];
                    boolean pending = q.pending();
                    if (!q.enabled && !pending && !q.active && !q.lineHigh) continue;
                    out.add(String.format("%s %4d:%s%s%s%s priority 0x%02x %s", i < PRIVATE ? "cpu" + c : "spi ", i,
                            q.enabled ? " enabled" : "", pending ? " pending" : "", q.active ? " active" : "",
                            q.lineHigh ? " line-high" : "", q.priority, i < PRIVATE ? "" : describeRouting(q)));
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

    /** The power-on state of every register; the subclass then sets what differs (targets, routes, its own registers). */
    void resetState() {
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
                irq.targets = 0;
                irq.route = 0;
                // SGIs are always edge; PPIs and SPIs power on level-sensitive (GICD_ICFGR reset 0).
                irq.edge = i < SGIS;
            }
        }
    }

    // ---- arbitration

    /** Whether SPI {@code irq} goes to CPU {@code c}. */
    abstract boolean routedTo(int c, Irq spi);

    /** Whether {@code irq}'s group is enabled both at the distributor and at CPU {@code c}'s interface. */
    abstract boolean groupEnabled(int c, Irq irq);

    /** The binary point that splits {@code irq}'s priority at CPU {@code c}, in GICC_BPR/ICC_BPR0 terms. */
    abstract int binaryPoint(int c, Irq irq);

    /** Whether CPU {@code c} takes {@code irq}, the winner, as a FIQ rather than an IRQ. */
    abstract boolean asFiq(int c, Irq irq);

    /** Whether CPU {@code c}'s EOI only drops the priority, leaving the deactivation to a DIR write. */
    abstract boolean eoiSplit(int c);

    /** The priority that decides preemption: the priority with the sub-priority bits below the binary point cleared. */
    final int groupPriority(int c, Irq irq) {
        return irq.priority & (0xFF << (binaryPoint(c, irq) + 1)) & 0xFF;
    }

    final int runningPriority(int c) {
        int rp = IDLE_PRIORITY;
        for (Preemption p : cpu[c].preemptions) rp = Math.min(rp, p.groupPriority());
        return rp;
    }

    /** The highest-priority pending, enabled, inactive interrupt for CPU c (lowest ID on a tie), or -1. */
    final int highestPending(int c) {
        int best = -1;
        int bestPriority = Integer.MAX_VALUE;
        Irq[] row = bank[c];
        for (int i = 0; i < lines; i++) {
            Irq irq = row[i];
            if (!irq.enabled || irq.active || !irq.pending()) continue;
            if (i >= PRIVATE && !routedTo(c, irq)) continue;
            if (irq.priority >= bestPriority || !groupEnabled(c, irq)) continue;
            best = i;
            bestPriority = irq.priority;
        }
        return best;
    }

    /** Whether the candidate beats the priority mask and the running priority, so it is signalled. */
    final boolean signalled(int c, int intid) {
        if (intid < 0) return false;
        Irq irq = bank[c][intid];
        return irq.priority < cpu[c].pmr && groupPriority(c, irq) < runningPriority(c);
    }

    /** Recomputes every CPU's IRQ and FIQ output. Call with the lock held after any state change. */
    final void update() {
        for (int c = 0; c < cpus; c++) {
            int best = highestPending(c);
            boolean raise = signalled(c, best);
            boolean fiq = raise && asFiq(c, bank[c][best]);
            cpu[c].irq.set(raise && !fiq);
            cpu[c].fiq.set(fiq);
        }
    }

    static int lowestSource(int sources) { return Integer.numberOfTrailingZeros(sources); }

    /**
     * The acknowledgement of {@code intid}, the signalled winner: it becomes active (a GICv2 SGI from other
     * sources stays pending too), its priority is active until the drop. Returns the source CPU of a GICv2
     * SGI, else 0.
     */
    final int activate(int c, int intid) {
        Irq irq = bank[c][intid];
        int source = 0;
        if (irq.sgiSources != 0) {
            source = lowestSource(irq.sgiSources);
            irq.sgiSources &= ~(1 << source);
        } else {
            irq.latched = false;
        }
        irq.active = true;
        cpu[c].preemptions.add(new Preemption(intid, source, groupPriority(c, irq), irq.group1));
        update();
        return source;
    }

    /** EOIR: priority drop, and deactivation too unless {@link #eoiSplit} leaves that to {@link #deactivate}. */
    final void endOfInterrupt(int c, int intid, int source) {
        if (intid >= Math.min(lines, FIRST_SPECIAL)) return;
        List<Preemption> list = cpu[c].preemptions;
        for (int i = list.size() - 1; i >= 0; i--) {
            Preemption p = list.get(i);
            if (p.intid() == intid && p.source() == source) {
                list.remove(i);
                break;
            }
        }
        if (!eoiSplit(c)) bank[c][intid].active = false;
        update();
    }

    /** DIR: deactivation alone (the priority was dropped earlier through EOIR). */
    final void deactivate(int c, int intid) {
        if (intid >= Math.min(lines, FIRST_SPECIAL)) return;
        bank[c][intid].active = false;
        update();
    }

    /** An active-priorities register (GICC_APR0, ICC_AP0R0/ICC_AP1R0): one bit per active group-priority level. */
    static int activePriorityBits(CpuInterface ci, java.util.function.Predicate<Preemption> which) {
        int bits = 0;
        for (Preemption p : ci.preemptions) if (which.test(p)) bits |= aprBit(p);
        return bits;
    }

    /** A write of an active-priorities register: the levels whose bit is cleared are no longer active. */
    static void clearActivePriorities(CpuInterface ci, java.util.function.Predicate<Preemption> which, int value) {
        ci.preemptions.removeIf(p -> which.test(p) && (value & aprBit(p)) == 0);
    }

    private static int aprBit(Preemption p) { return 1 << (p.groupPriority() >> (MIN_BPR + 1)); }

    // ---- snapshot pieces both architectures' sections use

    static void writePreemptions(DataOutput out, CpuInterface ci) throws IOException {
        out.writeShort(ci.preemptions.size());
        for (Preemption p : ci.preemptions) {
            out.writeShort(p.intid());
            out.writeByte(p.source());
            out.writeByte(p.groupPriority());
        }
    }

    /** The active priorities back, each with its interrupt's group as loaded so far (a GICv3 loads interrupts first; GICv2 ignores the group). */
    void readPreemptions(DataInput in, int c, int maxSource) throws IOException {
        CpuInterface ci = cpu[c];
        int n = armvmm.snapshot.SnapshotFormatException.check("GIC: active priorities", in.readUnsignedShort(), 0, lines);
        ci.preemptions.clear();
        for (int k = 0; k < n; k++) {
            int intid = armvmm.snapshot.SnapshotFormatException.check("GIC: active interrupt", in.readUnsignedShort(), 0, lines - 1);
            int source = armvmm.snapshot.SnapshotFormatException.check("GIC: SGI source", in.readUnsignedByte(), 0, maxSource);
            ci.preemptions.add(new Preemption(intid, source, in.readUnsignedByte() & PRIORITY_BITS_MASK, bank[c][intid].group1));
        }
    }

    static void writeIrqFlags(DataOutput out, Irq q) throws IOException {
        out.writeByte((q.enabled ? 1 : 0) | (q.latched ? 2 : 0) | (q.active ? 4 : 0) | (q.lineHigh ? 8 : 0)
                | (q.edge ? 16 : 0) | (q.group1 ? 32 : 0));
        out.writeByte(q.priority);
    }

    static void readIrqFlags(DataInput in, Irq q, int intid) throws IOException {
        int f = in.readUnsignedByte();
        q.enabled = (f & 1) != 0;
        q.latched = (f & 2) != 0;
        q.active = (f & 4) != 0;
        q.lineHigh = (f & 8) != 0;
        q.edge = intid < SGIS || (f & 16) != 0;
        q.group1 = (f & 32) != 0;
        q.priority = in.readUnsignedByte() & PRIORITY_BITS_MASK;
    }
}
