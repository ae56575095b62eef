package armvmm.devices.gic;

import static armvmm.cp15.CpReg.cp15;
import static armvmm.cp15.CpReg.cp15x64;

import armvmm.bus.UnknownAccessLog;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpState;
import armvmm.devices.gic.GicCore.CpuInterface;
import java.util.List;
import java.util.function.ToIntBiFunction;

/**
 * The GICv3 CPU interface as the AArch32 system registers of IHI 0069 (the ICC_* encodings of its CPU
 * interface register descriptions: cp15, CRn c12 but ICC_PMR in c4), for a board with a {@link Gicv3} to add
 * to its CPU through {@code Board.systemRegisters()}. They are declared once, here, so the CPU, {@code
 * --trace cp15}, gdb and snapshots find them in the registry; their state is the GIC's (the arbitration needs
 * every CPU's mask and active priorities under one lock), which a hook reaches through the vCPU's {@link
 * armvmm.cp15.CpHost#interruptController()}: this vCPU's CPU interface is the one numbered by {@link
 * armvmm.cp15.CpHost#cpuIndex()}. The GIC saves that state in its own snapshot section; the registry's slots
 * for these registers hold only the reset values, for the {@code vmm cp15} table.
 *
 * <p>As QEMU's GICv3 CPU interface for a CPU without EL2 and EL3: ICC_SRE reads SRE, DFB and DIB as 1 and
 * ignores writes (there is no memory-mapped interface to fall back to); the Group 0 registers work, Group 0
 * being FIQs owned by the same kernel. The Monitor (ICC_MCTLR, ICC_MSRE, ICC_MGRPEN1) and Hyp (ICC_HSRE)
 * registers, and ICC_AP0R1-3/ICC_AP1R1-3 (5 priority bits need only the first of each), are not implemented:
 * UNDEFINED.
 */
public final class IccRegisters {
    private IccRegisters() {}

    private static final UnknownAccessLog NO_GIC = new UnknownAccessLog("icc");

    /** ICC_SRE: SRE (system register interface), DFB and DIB (FIQ and IRQ bypass disabled), all fixed at 1. */
    static final int SRE_VALUE = 0x7;
    /** ICC_CTLR's fixed fields: PRIbits 4 (5 priority bits), IDbits 0 (16-bit INTIDs), A3V (Aff3 in SGIs). */
    static final int CTLR_FIXED = 4 << 8 | 1 << 15;
    private static final int INTID_MASK = 0xFF_FFFF;

    /** Runs {@code op} on this vCPU's CPU interface under the GIC's lock; without a GICv3 it reads 0 and does nothing. */
    private static long withGic(CpState s, CpReg reg, ToIntBiFunction<Gicv3, Integer> op) {
        if (!(s.host().interruptController() instanceof Gicv3 gic)) {
            NO_GIC.once(reg.name() + " without a GICv3 behind the vCPU", reg.key(), 4);
            return 0;
        }
        synchronized (gic.lock) {
            return op.applyAsInt(gic, s.host().cpuIndex()) & 0xFFFF_FFFFL;
        }
    }

    private interface Store {
        void store(Gicv3 gic, int c, CpuInterface ci, long value);
    }

    /** A write hook: {@code store} under the lock, then the CPU's outputs recomputed. */
    private static CpReg.WriteHook writes(Store store) {
        return (s, reg, value) -> withGic(s, reg, (gic, c) -> {
            store.store(gic, c, gic.cpu[c], value);
            gic.update();
            return 0;
        });
    }

    private interface Load {
        int load(Gicv3 gic, int c, CpuInterface ci);
    }

    private static CpReg.ReadHook reads(Load load) {
        return (s, reg) -> withGic(s, reg, (gic, c) -> load.load(gic, c, gic.cpu[c]));
    }

    public static final CpReg ICC_PMR = cp15("ICC_PMR", 0, 4, 6, 0)
            .onRead(reads((gic, c, ci) -> ci.pmr))
            .onWrite(writes((gic, c, ci, v) -> ci.pmr = (int) v & GicCore.PRIORITY_BITS_MASK)).build();

    /** A read acknowledges: an operation, which no debugger or snapshot reads. */
    public static final CpReg ICC_IAR0 = cp15("ICC_IAR0", 0, 12, 8, 0).rights("PL1 RO")
            .readOperation(reads((gic, c, ci) -> gic.acknowledge(c, false))).build();
    public static final CpReg ICC_EOIR0 = cp15("ICC_EOIR0", 0, 12, 8, 1)
            .operation(writes((gic, c, ci, v) -> gic.endOfInterrupt(c, (int) v & INTID_MASK, 0))).build();
    public static final CpReg ICC_HPPIR0 = cp15("ICC_HPPIR0", 0, 12, 8, 2).rights("PL1 RO")
            .onRead(reads((gic, c, ci) -> gic.highestPendingId(c, false))).build();
    public static final CpReg ICC_BPR0 = cp15("ICC_BPR0", 0, 12, 8, 3).reset(GicCore.MIN_BPR)
            .onRead(reads((gic, c, ci) -> ci.bpr))
            .onWrite(writes((gic, c, ci, v) -> ci.bpr = Math.max((int) v & 7, GicCore.MIN_BPR))).build();
    public static final CpReg ICC_AP0R0 = cp15("ICC_AP0R0", 0, 12, 8, 4)
            .onRead(reads((gic, c, ci) -> GicCore.activePriorityBits(ci, p -> !p.group1())))
            .onWrite(writes((gic, c, ci, v) -> GicCore.clearActivePriorities(ci, p -> !p.group1(), (int) v))).build();
    public static final CpReg ICC_AP1R0 = cp15("ICC_AP1R0", 0, 12, 9, 0)
            .onRead(reads((gic, c, ci) -> GicCore.activePriorityBits(ci, p -> p.group1())))
            .onWrite(writes((gic, c, ci, v) -> GicCore.clearActivePriorities(ci, p -> p.group1(), (int) v))).build();
    public static final CpReg ICC_DIR = cp15("ICC_DIR", 0, 12, 11, 1)
            .operation(writes((gic, c, ci, v) -> gic.deactivate(c, (int) v & INTID_MASK))).build();
    public static final CpReg ICC_RPR = cp15("ICC_RPR", 0, 12, 11, 3).rights("PL1 RO")
            .onRead(reads((gic, c, ci) -> gic.runningPriority(c))).build();
    public static final CpReg ICC_IAR1 = cp15("ICC_IAR1", 0, 12, 12, 0).rights("PL1 RO")
            .readOperation(reads((gic, c, ci) -> gic.acknowledge(c, true))).build();
    public static final CpReg ICC_EOIR1 = cp15("ICC_EOIR1", 0, 12, 12, 1)
            .operation(writes((gic, c, ci, v) -> gic.endOfInterrupt(c, (int) v & INTID_MASK, 0))).build();
    public static final CpReg ICC_HPPIR1 = cp15("ICC_HPPIR1", 0, 12, 12, 2).rights("PL1 RO")
            .onRead(reads((gic, c, ci) -> gic.highestPendingId(c, true))).build();
    /** With ICC_CTLR.CBPR, Group 1 shares ICC_BPR0: BPR1 reads as BPR0 + 1 and ignores writes. */
    public static final CpReg ICC_BPR1 = cp15("ICC_BPR1", 0, 12, 12, 3).reset(GicCore.MIN_BPR + 1)
            .onRead(reads((gic, c, ci) -> (ci.ctlr & Gicv3.ICC_CTLR_CBPR) != 0 ? Math.min(ci.bpr + 1, 7) : ci.abpr))
            .onWrite(writes((gic, c, ci, v) -> {
                if ((ci.ctlr & Gicv3.ICC_CTLR_CBPR) == 0) ci.abpr = Math.max((int) v & 7, GicCore.MIN_BPR + 1);
            })).build();
    public static final CpReg ICC_CTLR = cp15("ICC_CTLR", 0, 12, 12, 4).reset(CTLR_FIXED)
            .onRead(reads((gic, c, ci) -> ci.ctlr | CTLR_FIXED))
            .onWrite(writes((gic, c, ci, v) -> ci.ctlr = (int) v & (Gicv3.ICC_CTLR_CBPR | Gicv3.ICC_CTLR_EOIMODE))).build();
    public static final CpReg ICC_SRE = cp15("ICC_SRE", 0, 12, 12, 5).constant(SRE_VALUE).rights("PL1 RW").build();
    public static final CpReg ICC_IGRPEN0 = cp15("ICC_IGRPEN0", 0, 12, 12, 6)
            .onRead(reads((gic, c, ci) -> ci.groupEnables & Gicv3.ICC_IGRPEN0))
            .onWrite(writes((gic, c, ci, v) -> ci.groupEnables = (ci.groupEnables & ~Gicv3.ICC_IGRPEN0) | ((int) v & 1))).build();
    public static final CpReg ICC_IGRPEN1 = cp15("ICC_IGRPEN1", 0, 12, 12, 7)
            .onRead(reads((gic, c, ci) -> (ci.groupEnables & Gicv3.ICC_IGRPEN1) >> 1))
            .onWrite(writes((gic, c, ci, v) -> ci.groupEnables = (ci.groupEnables & ~Gicv3.ICC_IGRPEN1) | ((int) v & 1) << 1)).build();
    /** MCRR p15,0,Rt,Rt2,c12: Group 1 SGIs. */
    public static final CpReg ICC_SGI1R = cp15x64("ICC_SGI1R", 0, 12)
            .operation(writes((gic, c, ci, v) -> gic.generateSgi(c, v, true))).build();
    /**
     * MCRR p15,1,Rt,Rt2,c12: the SGIs of the other Security state's Group 1; with one security state QEMU
     * forwards them to targets that have the SGI in Group 0, and so does this model.
     */
    public static final CpReg ICC_ASGI1R = cp15x64("ICC_ASGI1R", 1, 12)
            .operation(writes((gic, c, ci, v) -> gic.generateSgi(c, v, false))).build();
    /** MCRR p15,2,Rt,Rt2,c12: Group 0 SGIs. */
    public static final CpReg ICC_SGI0R = cp15x64("ICC_SGI0R", 2, 12)
            .operation(writes((gic, c, ci, v) -> gic.generateSgi(c, v, false))).build();

    /** Every ICC_* register, in encoding order (CRn, opc1, CRm, opc2; the MCRR ones by opc1). */
    public static List<CpReg> definitions() {
        return List.of(ICC_PMR, ICC_IAR0, ICC_EOIR0, ICC_HPPIR0, ICC_BPR0, ICC_AP0R0, ICC_AP1R0, ICC_DIR, ICC_RPR,
                ICC_IAR1, ICC_EOIR1, ICC_HPPIR1, ICC_BPR1, ICC_CTLR, ICC_SRE, ICC_IGRPEN0, ICC_IGRPEN1,
                ICC_SGI1R, ICC_ASGI1R, ICC_SGI0R);
    }
}
