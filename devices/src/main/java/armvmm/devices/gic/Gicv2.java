package armvmm.devices.gic;

import armvmm.accel.Vcpu;
import armvmm.irq.IrqLine;
import armvmm.bus.MmioDevice;
import java.util.List;

/**
 * A GICv2 (ARM IHI 0048B) shaped like a GIC-400 without the Security Extensions: what QEMU's vexpress-a15
 * gives a guest, so Linux runs it as a plain single-security-state GIC. Interrupt grouping is kept
 * (GICD_IGROUPR, GICC_CTLR EnableGrp0/EnableGrp1, FIQEn, AckCtl) because bare-metal programs use group 0
 * as FIQ.
 *
 * <p>The state lives here (and in {@link GicCore}, with the arbitration a GICv3 shares); {@link #distributor()}
 * and {@link #cpuInterface()} are the two register frames on the bus.
 */
public final class Gicv2 extends GicCore {
    static final int MAX_CPUS = 8;
    /** IAR's answer when the winner is Group 1 and GICC_CTLR.AckCtl forbids acknowledging it there. */
    static final int INTID_GROUP1_PENDING = 1022;

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

    private final GicDistributor distributor;
    private final GicCpuInterface cpuInterface;

    /**
     * @param lines number of interrupt IDs, a multiple of 32 from 64 to 1024 (GICD_TYPER.ITLinesNumber)
     * @param irqs  each CPU's IRQ input, index = CPU interface number
     * @param fiqs  each CPU's FIQ input, same order
     */
    public Gicv2(int lines, List<IrqLine> irqs, List<IrqLine> fiqs) {
        super("GICv2", lines, irqs, fiqs, MAX_CPUS);
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

    @Override
    String describeRouting(Irq spi) { return String.format("targets 0x%02x", spi.targets); }

    @Override
    void resetState() {
        super.resetState();
        // A uniprocessor GIC sends every interrupt to its one CPU (IHI 0048B 4.3.12); SGIs and PPIs go to their own.
        for (int c = 0; c < cpus; c++)
            for (int i = 0; i < (c == 0 ? lines : PRIVATE); i++) bank[c][i].targets = i < PRIVATE || cpus == 1 ? 1 << c : 0;
    }

    // ---- arbitration: GICv2's answers

    @Override
    boolean routedTo(int c, Irq spi) { return (spi.targets & (1 << c)) != 0; }

    @Override
    boolean groupEnabled(int c, Irq irq) {
        int dist = irq.group1 ? GICD_CTLR_ENABLE_GRP1 : GICD_CTLR_ENABLE_GRP0;
        int cpuIf = irq.group1 ? GICC_CTLR_ENABLE_GRP1 : GICC_CTLR_ENABLE_GRP0;
        return (distCtlr & dist) != 0 && (cpu[c].ctlr & cpuIf) != 0;
    }

    /** Group 1 uses GICC_ABPR, which counts one higher than GICC_BPR for the same split, unless CBPR shares BPR. */
    @Override
    int binaryPoint(int c, Irq irq) {
        CpuInterface ci = cpu[c];
        return !irq.group1 || (ci.ctlr & GICC_CTLR_CBPR) != 0 ? ci.bpr : ci.abpr - 1;
    }

    @Override
    boolean asFiq(int c, Irq irq) { return !irq.group1 && (cpu[c].ctlr & GICC_CTLR_FIQEN) != 0; }

    @Override
    boolean eoiSplit(int c) { return (cpu[c].ctlr & GICC_CTLR_EOIMODE) != 0; }

    /** GICC_IAR / GICC_AIAR: acknowledge the signalled interrupt; {@code alias} is the Group 1 view. */
    int acknowledge(int c, boolean alias) {
        int best = highestPending(c);
        if (!signalled(c, best)) return INTID_SPURIOUS;
        Irq irq = bank[c][best];
        if (alias && !irq.group1) return INTID_SPURIOUS;
        if (!alias && irq.group1 && (cpu[c].ctlr & GICC_CTLR_ACKCTL) == 0) return INTID_GROUP1_PENDING;
        return activate(c, best) << 10 | best;
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

    /** GICC_EOIR / GICC_AEOIR: the interrupt ID, and for an SGI its source CPU, as GICC_IAR gave them. */
    void endOfInterrupt(int c, int value) {
        int intid = value & 0x3FF;
        endOfInterrupt(c, intid, intid < SGIS ? (value >> 10) & 7 : 0);
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
                writePreemptions(out, ci);
            }
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < (c == 0 ? lines : PRIVATE); i++) {
                    Irq q = bank[c][i];
                    writeIrqFlags(out, q);
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
            for (int c = 0; c < cpus; c++) {
                CpuInterface ci = cpu[c];
                ci.ctlr = in.readInt() & GICC_CTLR_WRITABLE;
                ci.pmr = in.readUnsignedByte() & PRIORITY_BITS_MASK;
                ci.bpr = armvmm.snapshot.SnapshotFormatException.check("GIC: GICC_BPR", in.readUnsignedByte(), MIN_BPR, 7);
                ci.abpr = armvmm.snapshot.SnapshotFormatException.check("GIC: GICC_ABPR", in.readUnsignedByte(), MIN_BPR + 1, 7);
                readPreemptions(in, c, cpus - 1);
            }
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < (c == 0 ? lines : PRIVATE); i++) {
                    Irq q = bank[c][i];
                    readIrqFlags(in, q, i);
                    int targets = in.readUnsignedByte();
                    q.targets = i < PRIVATE || cpus == 1 ? 1 << c : targets & allCpus;
                    q.sgiSources = i < SGIS ? in.readUnsignedByte() & allCpus : in.readUnsignedByte() & 0;
                }
            update();
        }
    }
}
