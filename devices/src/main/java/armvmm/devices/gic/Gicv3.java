package armvmm.devices.gic;

import armvmm.accel.Vcpu;
import armvmm.bus.MmioDevice;
import armvmm.irq.IrqLine;
import armvmm.snapshot.SnapshotFormatException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * A GICv3 (ARM IHI 0069) as QEMU's TCG gives it to an EL1 guest without EL3: one security state
 * (GICD_CTLR.DS = 1), affinity routing always on (GICD_CTLR.ARE RAO/WI), no LPIs, no ITS, no legacy
 * (memory-mapped) CPU interface. Group 0 interrupts are FIQs and Group 1 interrupts IRQs, since with one
 * security state and no EL3 both groups belong to the kernel.
 *
 * <p>The distributor frame ({@link #distributor()}, 64 KiB) holds the SPIs; each CPU's redistributor
 * ({@link #redistributors()}, 128 KiB a CPU: the RD_base and SGI_base frames) its SGIs and PPIs; the CPU
 * interface is the ICC_* system registers ({@link IccRegisters}), which reach this model through the
 * vCPU's interrupt controller. CPU {@code c} has affinity 0.0.0.c, what its MPIDR says on a one-cluster
 * machine, so at most 16 CPUs: an SGI's target list names Aff0 0..15.
 */
public final class Gicv3 extends GicCore {
    /** The CPUs one SGI target list reaches (ICC_SGI1R.TargetList), all this model's affinity scheme addresses. */
    public static final int MAX_CPUS = 16;
    /** Each CPU's redistributor: RD_base and SGI_base, 64 KiB each. */
    public static final long REDISTRIBUTOR_STRIDE = 0x20000;

    static final int GICD_CTLR_ENABLE_GRP0 = 1;
    static final int GICD_CTLR_ENABLE_GRP1 = 1 << 1;
    /** ARE (affinity routing) and DS (one security state): fixed at 1. */
    static final int GICD_CTLR_ARE = 1 << 4;
    static final int GICD_CTLR_DS = 1 << 6;

    static final int ICC_CTLR_CBPR = 1;
    static final int ICC_CTLR_EOIMODE = 1 << 1;
    static final int ICC_IGRPEN0 = 1, ICC_IGRPEN1 = 2;

    /**
     * GICD_IROUTER's implemented bits: Aff3 (39:32) and Aff2-Aff0. Interrupt_Routing_Mode (bit 31) is RAZ/WI:
     * like QEMU's, this GIC has GICD_TYPER.No1N set (no 1-of-N distribution), so an SPI always goes to the
     * CPU its affinity names.
     */
    static final long IROUTER_MASK = 0xFF_00FF_FFFFL;

    static final int GICR_WAKER_PROCESSOR_SLEEP = 1 << 1;
    static final int GICR_WAKER_CHILDREN_ASLEEP = 1 << 2;

    /** Each redistributor's GICR_WAKER.ProcessorSleep: the power-on state is asleep, Linux wakes it. */
    final boolean[] asleep;

    private final Gicv3Distributor distributor;
    private final Gicv3Redistributors redistributors;

    /**
     * @param lines number of interrupt IDs, a multiple of 32 from 64 to 1024 (GICD_TYPER.ITLinesNumber)
     * @param irqs  each CPU's IRQ input, index = CPU number (its Aff0)
     * @param fiqs  each CPU's FIQ input, same order
     */
    public Gicv3(int lines, List<IrqLine> irqs, List<IrqLine> fiqs) {
        super("GICv3", lines, irqs, fiqs, MAX_CPUS);
        asleep = new boolean[cpus];
        resetState();
        distributor = new Gicv3Distributor(this);
        redistributors = new Gicv3Redistributors(this);
    }

    /** The GIC driving the IRQ and FIQ inputs of these vCPUs. */
    public static Gicv3 forVcpus(int lines, List<? extends Vcpu> vcpus) {
        return new Gicv3(lines, vcpus.stream().map(Vcpu::irqInput).toList(), vcpus.stream().map(Vcpu::fiqInput).toList());
    }

    /** The distributor frame (GICD_*, 64 KiB). */
    public MmioDevice distributor() { return distributor; }

    /** Every CPU's redistributor, {@link #REDISTRIBUTOR_STRIDE} apart, CPU 0 first: {@code cpus() * REDISTRIBUTOR_STRIDE} bytes. */
    public MmioDevice redistributors() { return redistributors; }

    @Override
    String describeRouting(Irq spi) { return String.format("routed to 0x%x", spi.route); }

    @Override
    void resetState() {
        super.resetState();
        if (asleep != null) java.util.Arrays.fill(asleep, true);
    }

    /** CPU {@code c}'s affinity as GICD_IROUTER and GICR_TYPER give it (Aff3 in bits [39:32]): Aff0 = c. */
    static long affinity(int c) { return c; }

    // ---- arbitration: GICv3's answers

    /** An SPI goes to the CPU its IROUTER names (none, if no CPU has that affinity). */
    @Override
    boolean routedTo(int c, Irq spi) { return spi.route == affinity(c); }

    @Override
    boolean groupEnabled(int c, Irq irq) {
        int dist = irq.group1 ? GICD_CTLR_ENABLE_GRP1 : GICD_CTLR_ENABLE_GRP0;
        int cpuIf = irq.group1 ? ICC_IGRPEN1 : ICC_IGRPEN0;
        return (distCtlr & dist) != 0 && (cpu[c].groupEnables & cpuIf) != 0;
    }

    /** Group 1 uses ICC_BPR1, one higher than ICC_BPR0 for the same split, unless ICC_CTLR.CBPR shares BPR0. */
    @Override
    int binaryPoint(int c, Irq irq) {
        CpuInterface ci = cpu[c];
        return !irq.group1 || (ci.ctlr & ICC_CTLR_CBPR) != 0 ? ci.bpr : ci.abpr - 1;
    }

    @Override
    boolean asFiq(int c, Irq irq) { return !irq.group1; }

    @Override
    boolean eoiSplit(int c) { return (cpu[c].ctlr & ICC_CTLR_EOIMODE) != 0; }

    // ---- the CPU interface's operations (the ICC_* registers call these with the lock held)

    /** ICC_IAR0/ICC_IAR1: acknowledge the signalled interrupt if it is of the register's group. */
    int acknowledge(int c, boolean group1) {
        int best = highestPending(c);
        if (!signalled(c, best) || bank[c][best].group1 != group1) return INTID_SPURIOUS;
        activate(c, best);
        return best;
    }

    /** ICC_HPPIR0/ICC_HPPIR1: the highest pending interrupt of the register's group, mask and running priority aside. */
    int highestPendingId(int c, boolean group1) {
        int best = highestPending(c);
        return best < 0 || bank[c][best].group1 != group1 ? INTID_SPURIOUS : best;
    }

    /**
     * ICC_SGI0R/ICC_SGI1R/ICC_ASGI1R: raise SGI INTID[27:24] on the CPUs Aff3.Aff2.Aff1 with TargetList
     * bits, or on every other CPU (IRM); a target takes it only where that SGI is of the requested group.
     */
    void generateSgi(int from, long value, boolean group1) {
        int sgi = (int) (value >>> 24) & 0xF;
        boolean everyOther = (value & (1L << 40)) != 0;
        int targetList = (int) value & 0xFFFF;
        int rangeSelector = (int) (value >>> 44) & 0xF;
        long upper = (value >>> 16 & 0xFF) << 8 | (value >>> 32 & 0xFF) << 16 | (value >>> 48 & 0xFF) << 32;
        for (int c = 0; c < cpus; c++) {
            long aff = affinity(c);
            boolean target = everyOther ? c != from
                    : (aff & ~0xFFL) == upper && (aff & 0xFF) >> 4 == rangeSelector && (targetList & (1 << (aff & 0xF))) != 0;
            Irq irq = bank[c][sgi];
            if (target && irq.group1 == group1) irq.latched = true;
        }
        update();
    }

    // ---- snapshot: the distributor's section carries the whole GIC (both frames and every CPU interface)

    void saveState(DataOutput out) throws IOException {
        synchronized (lock) {
            out.writeShort(cpus);
            out.writeShort(lines);
            out.writeInt(distCtlr);
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < (c == 0 ? lines : PRIVATE); i++) {
                    Irq q = bank[c][i];
                    writeIrqFlags(out, q);
                    if (i >= PRIVATE) out.writeLong(q.route);
                }
            for (int c = 0; c < cpus; c++) {
                CpuInterface ci = cpu[c];
                out.writeBoolean(asleep[c]);
                out.writeInt(ci.ctlr);
                out.writeByte(ci.pmr);
                out.writeByte(ci.bpr);
                out.writeByte(ci.abpr);
                out.writeByte(ci.groupEnables);
                writePreemptions(out, ci);
            }
        }
    }

    void loadState(DataInput in) throws IOException {
        int savedCpus = in.readUnsignedShort(), savedLines = in.readUnsignedShort();
        if (savedCpus != cpus || savedLines != lines)
            throw new SnapshotFormatException("GICv3: the snapshot's has " + savedCpus + " redistributors and " + savedLines
                    + " lines, this one " + cpus + " and " + lines);
        synchronized (lock) {
            distCtlr = in.readInt() & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
            for (int c = 0; c < cpus; c++)
                for (int i = 0; i < (c == 0 ? lines : PRIVATE); i++) {
                    Irq q = bank[c][i];
                    readIrqFlags(in, q, i);
                    if (i >= PRIVATE) q.route = in.readLong() & IROUTER_MASK;
                }
            for (int c = 0; c < cpus; c++) {
                CpuInterface ci = cpu[c];
                asleep[c] = in.readBoolean();
                ci.ctlr = in.readInt() & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
                ci.pmr = in.readUnsignedByte() & PRIORITY_BITS_MASK;
                ci.bpr = SnapshotFormatException.check("GICv3: ICC_BPR0", in.readUnsignedByte(), MIN_BPR, 7);
                ci.abpr = SnapshotFormatException.check("GICv3: ICC_BPR1", in.readUnsignedByte(), MIN_BPR + 1, 7);
                ci.groupEnables = in.readUnsignedByte() & (ICC_IGRPEN0 | ICC_IGRPEN1);
                readPreemptions(in, c, 0);
            }
            update();
        }
    }
}
