package armvmm.devices.gic;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.bus.MmioDevice;
import armvmm.cp15.AtsOp;
import armvmm.cp15.CpHost;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpRegistry;
import armvmm.cp15.CpState;
import armvmm.cp15.TlbOp;
import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import armvmm.time.MachineClock;
import armvmm.time.VirtualClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GICv3 model through its two MMIO regions and its ICC_* system registers, as each vCPU reaches them. */
class Gicv3Test {
    static final int GICD_CTLR = 0x0, GICD_TYPER = 0x4, GICD_IIDR = 0x8, GICD_IGROUPR = 0x80, GICD_ISENABLER = 0x100,
            GICD_ISPENDR = 0x200, GICD_ISACTIVER = 0x300, GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800,
            GICD_ICFGR = 0xC00, GICD_IROUTER = 0x6000, GICD_PIDR2 = 0xFFE8;
    static final int GICR_IIDR = 0x4, GICR_TYPER = 0x8, GICR_WAKER = 0x14, GICR_PIDR2 = 0xFFE8;
    static final int SGI_BASE = 0x10000, GICR_IGROUPR0 = SGI_BASE + 0x80, GICR_ISENABLER0 = SGI_BASE + 0x100,
            GICR_ICENABLER0 = SGI_BASE + 0x180, GICR_ISPENDR0 = SGI_BASE + 0x200, GICR_ISACTIVER0 = SGI_BASE + 0x300,
            GICR_IPRIORITYR = SGI_BASE + 0x400, GICR_ICFGR0 = SGI_BASE + 0xC00, GICR_ICFGR1 = SGI_BASE + 0xC04;
    static final long STRIDE = Gicv3.REDISTRIBUTOR_STRIDE;

    final List<LevelLatch> irq = new ArrayList<>(), fiq = new ArrayList<>();
    final List<CpState> icc = new ArrayList<>();
    Gicv3 gic;
    MmioDevice d, r;

    /** A vCPU's side of the system registers: its index and the machine's interrupt controller. */
    record Host(int cpuIndex, int cpuCount, InterruptController interruptController) implements CpHost {
        @Override public MachineClock clock() { return new VirtualClock(); }
        @Override public void tlbMaintenance(TlbOp op, int arg) {}
        @Override public long addressTranslation(AtsOp op, int va) { return 0; }
        @Override public void translationRegimeChanged() {}
        @Override public void instructionCacheInvalidated() {}
        @Override public IrqLine timerIrq(int intid) { return IrqLine.NONE; }
        @Override public void vfpControlChanged() {}
    }

    void make(int cpus, int lines) {
        for (int i = 0; i < cpus; i++) {
            irq.add(new LevelLatch());
            fiq.add(new LevelLatch());
        }
        gic = new Gicv3(lines, List.<IrqLine>copyOf(irq), List.<IrqLine>copyOf(fiq));
        d = gic.distributor();
        r = gic.redistributors();
        CpRegistry registry = CpRegistry.builder().addAll(IccRegisters.definitions()).build();
        for (int c = 0; c < cpus; c++) icc.add(registry.newState(new Host(c, cpus, gic)));
    }

    long read(int c, CpReg reg) { return icc.get(c).read(reg); }
    void write(int c, CpReg reg, long v) { icc.get(c).write(reg, v); }
    long dr(int off) { return d.read(off, 4, 0); }
    void dw(int off, long v) { d.write(off, 4, v, 0); }
    long rr(int c, int off) { return r.read(c * STRIDE + off, 4, 0); }
    void rw(int c, int off, long v) { r.write(c * STRIDE + off, 4, v, 0); }

    /** Linux's gic_init_bases and gic_cpu_init, in short: distributor on, each redistributor awake, Group 1 on. */
    void linuxBringUp() {
        dw(GICD_CTLR, 0x13); // ARE_NS | EnableGrp1A | EnableGrp1, as Linux writes it
        for (int c = 0; c < gic.cpus(); c++) {
            rw(c, GICR_WAKER, rr(c, GICR_WAKER) & ~2L);
            assertEquals(0, rr(c, GICR_WAKER) & 4, "ChildrenAsleep clears once ProcessorSleep is 0");
            rw(c, GICR_IGROUPR0, 0xFFFF_FFFFL);
            write(c, IccRegisters.ICC_PMR, 0xF0);
            write(c, IccRegisters.ICC_IGRPEN1, 1);
        }
    }

    void enableSpi(int intid, int priority) {
        d.write(GICD_IPRIORITYR + intid, 1, priority, 0);
        dw(GICD_IGROUPR + intid / 32 * 4, dr(GICD_IGROUPR + intid / 32 * 4) | 1L << (intid % 32));
        dw(GICD_ISENABLER + intid / 32 * 4, 1L << (intid % 32));
    }

    @Test
    void identifiesAsAGicv3WithOneSecurityStateAndAffinityRouting() {
        make(2, 288);
        assertEquals(0x50, dr(GICD_CTLR), "ARE and DS read as one, nothing enabled");
        long typer = dr(GICD_TYPER);
        assertEquals(8, typer & 0x1F, "ITLinesNumber: 288 IDs");
        assertEquals(15, typer >> 19 & 0x1F, "IDbits: 16-bit INTIDs");
        assertEquals(0, typer & (3 << 16), "no LPIs, no MBIS");
        assertEquals(3 << 24, typer & (3 << 24), "A3V, and No1N: no 1-of-N SPI routing, as QEMU");
        assertEquals(0x43B, dr(GICD_IIDR));
        assertEquals(3, dr(GICD_PIDR2) >> 4 & 0xF, "ArchRev 3, which Linux checks");
        assertEquals(3, rr(1, GICR_PIDR2) >> 4 & 0xF);
        assertEquals(0x43B, rr(0, GICR_IIDR));
        assertEquals(0, r.read(GICR_TYPER, 8, 0), "CPU 0: affinity 0.0.0.0, Processor_Number 0, not the last");
        assertEquals(1L << 32 | 1 << 8 | 1 << 4, r.read(STRIDE + GICR_TYPER, 8, 0), "CPU 1: affinity 0.0.0.1, number 1, Last");
        assertEquals(1, rr(1, GICR_TYPER + 4), "TYPER's high word alone");
        assertEquals(6, rr(0, GICR_WAKER), "a redistributor powers on asleep");
        assertEquals(0xAAAA_AAAAL, rr(0, GICR_ICFGR0), "SGIs are edge-triggered");
        assertEquals(7, read(0, IccRegisters.ICC_SRE), "SRE, DFB, DIB");
        icc.get(0).write(IccRegisters.ICC_SRE, 0);
        assertEquals(7, read(0, IccRegisters.ICC_SRE), "and fixed");
        assertEquals(4 << 8 | 1 << 15, read(0, IccRegisters.ICC_CTLR), "PRIbits 4 (5 bits), IDbits 16, A3V");
        assertEquals(0, dr(GICD_ITARGETSR + 32), "ITARGETSR is RAZ with affinity routing");
    }

    @Test
    void anSpiIsAcknowledgedThroughIccIar1AndEndsWithIccEoir1() {
        make(1, 64);
        linuxBringUp();
        gic.spi(40).raise();
        assertFalse(irq.get(0).level(), "not enabled yet");
        enableSpi(40, 0xA0);
        assertTrue(irq.get(0).level());
        assertFalse(fiq.get(0).level(), "Group 1 is an IRQ");
        assertEquals(40, read(0, IccRegisters.ICC_HPPIR1));
        assertEquals(40, read(0, IccRegisters.ICC_IAR1));
        assertFalse(irq.get(0).level(), "active: no longer signalled");
        assertEquals(0xA0, read(0, IccRegisters.ICC_RPR));
        assertEquals(1L << (0xA0 >> 3), read(0, IccRegisters.ICC_AP1R0));
        assertEquals(1L << 8, dr(GICD_ISACTIVER + 4), "SPI 40 active in the distributor");
        assertEquals(1023, read(0, IccRegisters.ICC_IAR1), "nothing else: spurious");
        gic.spi(40).lower();
        write(0, IccRegisters.ICC_EOIR1, 40);
        assertEquals(0xFF, read(0, IccRegisters.ICC_RPR), "idle again");
        assertEquals(0, dr(GICD_ISACTIVER + 4));
    }

    @Test
    void eoiModeSplitsThePriorityDropFromTheDeactivationAtIccDir() {
        make(1, 64);
        linuxBringUp();
        write(0, IccRegisters.ICC_CTLR, 2);
        enableSpi(33, 0x80);
        gic.spi(33).raise();
        assertEquals(33, read(0, IccRegisters.ICC_IAR1));
        write(0, IccRegisters.ICC_EOIR1, 33);
        assertEquals(0xFF, read(0, IccRegisters.ICC_RPR), "the priority dropped");
        assertEquals(2, dr(GICD_ISACTIVER + 4), "but still active");
        write(0, IccRegisters.ICC_DIR, 33);
        assertEquals(0, dr(GICD_ISACTIVER + 4));
        assertTrue(irq.get(0).level(), "the level input is still high: pending again");
    }

    @Test
    void theTimerPpiComesThroughItsCpusRedistributorOnly() {
        make(2, 64);
        linuxBringUp();
        r.write(STRIDE + GICR_IPRIORITYR + 27, 1, 0xA0, 0);
        rw(1, GICR_ISENABLER0, 1L << 27);
        assertEquals(1L << 27, rr(1, GICR_ISENABLER0));
        assertEquals(0, rr(0, GICR_ISENABLER0), "banked per CPU");
        assertEquals(0, dr(GICD_ISENABLER), "the distributor's SGI/PPI bits are RAZ with affinity routing");
        gic.ppi(0, 27).raise();
        assertFalse(irq.get(0).level(), "CPU 0's copy is disabled");
        gic.ppi(1, 27).raise();
        assertTrue(irq.get(1).level());
        assertEquals(27, read(1, IccRegisters.ICC_IAR1));
        rw(1, GICR_ICENABLER0, 1L << 27);
        assertEquals(0, rr(1, GICR_ISENABLER0));
    }

    @Test
    void iccSgi1rRaisesAnSgiOnTheCpusOfItsTargetListOrOnAllOthers() {
        make(3, 64);
        linuxBringUp();
        for (int c = 0; c < 3; c++) rw(c, GICR_ISENABLER0, 0xFFFF);
        write(0, IccRegisters.ICC_SGI1R, 5L << 24 | 0b100);
        assertFalse(irq.get(1).level());
        assertTrue(irq.get(2).level(), "TargetList bit 2: CPU 2");
        assertEquals(1L << 5, rr(2, GICR_ISPENDR0));
        assertEquals(5, read(2, IccRegisters.ICC_IAR1), "a GICv3 SGI carries no source");
        write(2, IccRegisters.ICC_EOIR1, 5);
        write(1, IccRegisters.ICC_SGI1R, 1L << 40 | 3L << 24);
        assertTrue(irq.get(0).level());
        assertTrue(irq.get(2).level());
        assertFalse(irq.get(1).level(), "IRM: every CPU but the sender");
        write(0, IccRegisters.ICC_SGI1R, 1L << 16 | 7L << 24 | 1);
        assertEquals(0, rr(0, GICR_ISPENDR0) & (1 << 7), "Aff1 1 names no CPU here");
        write(0, IccRegisters.ICC_SGI0R, 6L << 24 | 2);
        assertEquals(0, rr(1, GICR_ISPENDR0) & (1 << 6), "a Group 0 SGI request does not pend a Group 1 SGI");
    }

    @Test
    void irouterSendsAnSpiToTheCpuOfItsAffinity() {
        make(2, 64);
        linuxBringUp();
        enableSpi(36, 0x40);
        d.write(GICD_IROUTER + 8 * 36, 8, 1, 0);
        assertEquals(1, d.read(GICD_IROUTER + 8 * 36, 8, 0));
        gic.spi(36).raise();
        assertFalse(irq.get(0).level());
        assertTrue(irq.get(1).level());
        assertEquals(1023, read(0, IccRegisters.ICC_IAR1), "not CPU 0's");
        assertEquals(36, read(1, IccRegisters.ICC_IAR1));
        // Linux writes the two words apart on a 32-bit CPU
        dw(GICD_IROUTER + 8 * 36, 0);
        dw(GICD_IROUTER + 8 * 36 + 4, 0);
        assertEquals(0, d.read(GICD_IROUTER + 8 * 36, 8, 0));
    }

    @Test
    void group0InterruptsAreFiqsTakenThroughTheGroup0Registers() {
        make(1, 64);
        linuxBringUp();
        dw(GICD_CTLR, 0x3);
        d.write(GICD_IPRIORITYR + 34, 1, 0x20, 0);
        dw(GICD_ISENABLER + 4, 1 << 2);
        gic.spi(34).raise();
        assertFalse(fiq.get(0).level(), "ICC_IGRPEN0 is still off");
        write(0, IccRegisters.ICC_IGRPEN0, 1);
        assertTrue(fiq.get(0).level());
        assertFalse(irq.get(0).level());
        assertEquals(1023, read(0, IccRegisters.ICC_IAR1), "Group 1's register does not take it");
        assertEquals(34, read(0, IccRegisters.ICC_IAR0));
        assertEquals(1L << (0x20 >> 3), read(0, IccRegisters.ICC_AP0R0));
        assertEquals(0, read(0, IccRegisters.ICC_AP1R0));
        write(0, IccRegisters.ICC_EOIR0, 34);
        assertEquals(0, read(0, IccRegisters.ICC_AP0R0));
    }

    @Test
    void thePriorityMaskAndTheRunningPriorityGateSignalling() {
        make(1, 64);
        linuxBringUp();
        write(0, IccRegisters.ICC_PMR, 0x80);
        assertEquals(0x80, read(0, IccRegisters.ICC_PMR));
        write(0, IccRegisters.ICC_PMR, 0xFF);
        assertEquals(0xF8, read(0, IccRegisters.ICC_PMR), "5 priority bits");
        write(0, IccRegisters.ICC_PMR, 0x80);
        enableSpi(35, 0x90);
        gic.spi(35).raise();
        assertFalse(irq.get(0).level(), "masked");
        assertEquals(35, read(0, IccRegisters.ICC_HPPIR1), "HPPIR ignores the mask");
        assertEquals(1023, read(0, IccRegisters.ICC_IAR1));
        write(0, IccRegisters.ICC_PMR, 0xF0);
        assertTrue(irq.get(0).level());
        assertEquals(35, read(0, IccRegisters.ICC_IAR1));
        enableSpi(37, 0x90);
        gic.spi(37).raise();
        assertFalse(irq.get(0).level(), "same group priority: no preemption");
        write(0, IccRegisters.ICC_BPR1, 0);
        assertEquals(3, read(0, IccRegisters.ICC_BPR1), "BPR1's minimum with 5 priority bits");
        write(0, IccRegisters.ICC_CTLR, 1);
        assertEquals(read(0, IccRegisters.ICC_BPR0) + 1, read(0, IccRegisters.ICC_BPR1), "CBPR: BPR1 follows BPR0");
    }

    @Test
    void anEdgeTriggeredSpiLatchesAndIcfgrSgisStayEdge() {
        make(1, 64);
        linuxBringUp();
        dw(GICD_ICFGR + 8, 2L << 2); // SPI 33 edge
        enableSpi(33, 0x40);
        gic.spi(33).raise();
        gic.spi(33).lower();
        assertTrue(irq.get(0).level(), "the edge is latched");
        assertEquals(33, read(0, IccRegisters.ICC_IAR1));
        rw(0, GICR_ICFGR0, 0);
        assertEquals(0xAAAA_AAAAL, rr(0, GICR_ICFGR0));
        rw(0, GICR_ISPENDR0, 1 << 3);
        assertEquals(1 << 3, rr(0, GICR_ISPENDR0), "an SGI's pending bit is writable in a redistributor");
    }

    @Test
    void badAccessesReadZeroAndChangeNothing() {
        make(2, 64);
        assertEquals(0, d.read(0x5000, 4, 0), "reserved");
        assertEquals(0, d.read(GICD_CTLR, 1, 0), "a byte read of a word register");
        d.write(GICD_TYPER, 4, 0, 0);
        assertEquals(1, dr(GICD_TYPER) & 0x1F, "TYPER is read-only: still 64 IDs");
        assertEquals(0, r.read(2 * STRIDE + GICR_TYPER, 4, 0), "no third redistributor");
        r.write(2 * STRIDE + GICR_WAKER, 4, 0, 0);
        d.write(GICD_IROUTER + 8 * 40, 8, 0xFFFF_FFFF_FFFF_FFFFL, 0);
        assertEquals(Gicv3.IROUTER_MASK, d.read(GICD_IROUTER + 8 * 40, 8, 0), "only IROUTER's implemented bits stick");
        assertEquals(0, d.read(GICD_IROUTER + 8 * 10, 8, 0), "no IROUTER for a private interrupt");
        d.write(GICD_IROUTER + 8 * 1000, 8, 1, 0);
        assertEquals(0, d.read(GICD_IROUTER + 8 * 1000, 8, 0), "nor for one past ITLinesNumber");
        write(0, IccRegisters.ICC_EOIR1, 0xFF_FFFF);
        write(0, IccRegisters.ICC_DIR, 1023);
    }

    @Test
    void theSnapshotCarriesTheDistributorTheRedistributorsAndTheCpuInterfaces() throws Exception {
        make(2, 64);
        linuxBringUp();
        write(1, IccRegisters.ICC_CTLR, 2);
        enableSpi(40, 0x60);
        d.write(GICD_IROUTER + 8 * 40, 8, 1, 0);
        gic.spi(40).raise();
        assertEquals(40, read(1, IccRegisters.ICC_IAR1));
        rw(1, GICR_ISENABLER0, 1 << 27);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        gic.saveState(new DataOutputStream(bytes));

        List<LevelLatch> irq2 = List.of(new LevelLatch(), new LevelLatch()), fiq2 = List.of(new LevelLatch(), new LevelLatch());
        Gicv3 copy = new Gicv3(64, List.<IrqLine>copyOf(irq2), List.<IrqLine>copyOf(fiq2));
        copy.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(dr(GICD_CTLR), copy.distributor().read(GICD_CTLR, 4, 0));
        assertEquals(1, copy.distributor().read(GICD_IROUTER + 8 * 40, 8, 0));
        assertEquals(1 << 27, copy.redistributors().read(STRIDE + GICR_ISENABLER0, 4, 0));
        assertEquals(0, copy.redistributors().read(STRIDE + GICR_WAKER, 4, 0), "awake");
        assertEquals(1 << 8, copy.distributor().read(GICD_ISACTIVER + 4, 4, 0));
        CpState icc1 = CpRegistry.builder().addAll(IccRegisters.definitions()).build().newState(new Host(1, 2, copy));
        assertEquals(0x60, icc1.read(IccRegisters.ICC_RPR), "the active priority");
        assertEquals(2, icc1.read(IccRegisters.ICC_CTLR) & 3, "EOImode");
        assertEquals(0xF0, icc1.read(IccRegisters.ICC_PMR));
    }

    /** A read of ICC_IAR0/1 acknowledges: declared as an operation, which debuggers and snapshots never read. */
    @Test
    void theAcknowledgeRegistersAreOperationsOthersState() {
        for (CpReg r : List.of(IccRegisters.ICC_IAR0, IccRegisters.ICC_IAR1)) {
            assertEquals(CpReg.Kind.OPERATION, r.kind(), r.name());
            assertFalse(r.hasStorage(), r.name());
        }
        assertEquals(CpReg.Kind.STATE_WITH_SIDE_EFFECTS, IccRegisters.ICC_HPPIR1.kind(), "HPPIR only looks");
        make(1, 64);
        linuxBringUp();
        enableSpi(40, 0xA0);
        gic.spi(40).raise();
        for (int i = 0; i < 3; i++) assertEquals(40, read(0, IccRegisters.ICC_HPPIR1));
        assertEquals(40, read(0, IccRegisters.ICC_IAR1), "still pending after the looks");
    }

    @Test
    void withoutAGicv3TheRegistersReadZero() {
        CpState s = CpRegistry.builder().addAll(IccRegisters.definitions()).build().newState(new Host(0, 1, null));
        assertEquals(0, s.read(IccRegisters.ICC_IAR1));
        s.write(IccRegisters.ICC_PMR, 0xF0);
        assertEquals(0, s.read(IccRegisters.ICC_PMR));
    }
}
