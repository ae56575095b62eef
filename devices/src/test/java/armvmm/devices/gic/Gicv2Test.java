package armvmm.devices.gic;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.bus.MmioDevice;
import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class Gicv2Test {
    // Distributor offsets (IHI 0048B table 4-1)
    static final int GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008, GICD_IGROUPR = 0x080,
            GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180, GICD_ISPENDR = 0x200, GICD_ICPENDR = 0x280,
            GICD_ISACTIVER = 0x300, GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xC00,
            GICD_SGIR = 0xF00, GICD_CPENDSGIR = 0xF10, GICD_SPENDSGIR = 0xF20, GICD_PIDR2 = 0xFE8, GICD_CIDR0 = 0xFF0;
    // CPU interface offsets (table 4-2)
    static final int GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_BPR = 0x08, GICC_IAR = 0x0C, GICC_EOIR = 0x10,
            GICC_RPR = 0x14, GICC_HPPIR = 0x18, GICC_AIAR = 0x20, GICC_APR0 = 0xD0, GICC_IIDR = 0xFC, GICC_DIR = 0x1000;

    final List<LevelLatch> irq = new ArrayList<>();
    final List<LevelLatch> fiq = new ArrayList<>();
    Gicv2 gic;
    MmioDevice d;
    MmioDevice cpuIf;

    Gicv2 make(int cpus, int lines) {
        for (int i = 0; i < cpus; i++) {
            irq.add(new LevelLatch());
            fiq.add(new LevelLatch());
        }
        gic = new Gicv2(lines, List.<IrqLine>copyOf(irq), List.<IrqLine>copyOf(fiq));
        d = gic.distributor();
        cpuIf = gic.cpuInterface();
        return gic;
    }

    void dw(int off, long v) { d.write(off, 4, v, 0); }
    void dw(int cpu, int off, long v) { d.write(off, 4, v, cpu); }
    long dr(int cpu, int off) { return d.read(off, 4, cpu); }
    void cw(int cpu, int off, long v) { cpuIf.write(off, 4, v, cpu); }
    int cr(int cpu, int off) { return (int) cpuIf.read(off, 4, cpu); }

    /** Linux's bring-up: distributor and CPU interface on, mask open, SPI enabled at a priority, routed to CPU 0. */
    void enableSpi(int intid, int priority) {
        dw(GICD_CTLR, 1);
        for (int c = 0; c < gic.cpus(); c++) {
            cw(c, GICC_CTLR, 1);
            cw(c, GICC_PMR, 0xF0);
        }
        d.write(GICD_IPRIORITYR + intid, 1, priority, 0);
        d.write(GICD_ITARGETSR + intid, 1, 1, 0);
        dw(GICD_ISENABLER + intid / 32 * 4, 1L << (intid % 32));
    }

    void edgeTriggered(int intid) {
        int off = GICD_ICFGR + intid / 16 * 4;
        dw(off, dr(0, off) | 2L << (2 * (intid % 16)));
    }

    @Test
    void identifiesAsGic400WithItsLinesAndCpus() {
        make(2, 96);
        assertEquals(0x22, dr(0, GICD_TYPER), "ITLinesNumber 2 (96 IDs), CPUNumber 1 (two CPUs)");
        assertEquals(0x0200143B, dr(0, GICD_IIDR));
        assertEquals(0x2B, dr(0, GICD_PIDR2), "ArchRev 2 in ICPIDR2");
        assertEquals(0x0D, dr(0, GICD_CIDR0));
        assertEquals(0x0202143B, cr(0, GICC_IIDR));
    }

    @Test
    void enabledPendingSpiRaisesIrqUntilAcknowledgedAndEoiDeactivates() {
        make(1, 64);
        gic.spi(40).raise();
        assertFalse(irq.get(0).level(), "nothing enabled yet");
        enableSpi(40, 0xA0);
        assertTrue(irq.get(0).level());
        assertEquals(1L << 8, dr(0, GICD_ISPENDR + 4));
        assertEquals(40, cr(0, GICC_IAR));
        assertFalse(irq.get(0).level(), "active: not signalled again");
        assertEquals(1L << 8, dr(0, GICD_ISACTIVER + 4));
        assertEquals(0xA0, cr(0, GICC_RPR));
        gic.spi(40).lower();
        cw(0, GICC_EOIR, 40);
        assertEquals(0, dr(0, GICD_ISACTIVER + 4));
        assertEquals(0xFF, cr(0, GICC_RPR), "idle");
        assertEquals(1023, cr(0, GICC_IAR));
    }

    @Test
    void disabledInterruptStaysPendingButUnsignalled() {
        make(1, 64);
        enableSpi(33, 0x80);
        edgeTriggered(33);
        dw(GICD_ICENABLER + 4, 1 << 1);
        gic.spi(33).pulse();
        assertFalse(irq.get(0).level());
        assertEquals(1023, cr(0, GICC_IAR));
        dw(GICD_ISENABLER + 4, 1 << 1);
        assertTrue(irq.get(0).level(), "the latched edge was kept while disabled");
    }

    @Test
    void levelInterruptStaysPendingWhileTheLineIsHigh() {
        make(1, 64);
        enableSpi(34, 0x80);
        gic.spi(34).raise();
        assertEquals(34, cr(0, GICC_IAR));
        assertEquals(1L << 2, dr(0, GICD_ISPENDR + 4) & (1 << 2), "active and pending: the line is still high");
        dw(GICD_ICPENDR + 4, 1 << 2);
        assertEquals(1L << 2, dr(0, GICD_ISPENDR + 4) & (1 << 2), "ICPENDR cannot clear a level held high");
        cw(0, GICC_EOIR, 34);
        assertTrue(irq.get(0).level(), "signalled again after deactivation");
        gic.spi(34).lower();
        assertFalse(irq.get(0).level());
        assertEquals(1023, cr(0, GICC_IAR));
    }

    @Test
    void edgeInterruptIsLatchedOnceAndIcpendrClearsIt() {
        make(1, 64);
        enableSpi(35, 0x80);
        dw(GICD_ICFGR + 8, 2 << 6);  // ICFGR2, interrupt 35: edge-triggered
        assertEquals(2L << 6, dr(0, GICD_ICFGR + 8));
        gic.spi(35).raise();
        gic.spi(35).raise();
        assertEquals(35, cr(0, GICC_IAR));
        cw(0, GICC_EOIR, 35);
        assertFalse(irq.get(0).level(), "one edge, one interrupt, though the line is still high");
        gic.spi(35).lower();
        gic.spi(35).pulse();
        assertTrue(irq.get(0).level());
        dw(GICD_ICPENDR + 4, 1 << 3);
        assertFalse(irq.get(0).level());
    }

    @Test
    void sgiConfigurationIsFixedEdge() {
        make(1, 64);
        dw(GICD_ICFGR, 0);
        assertEquals(0xAAAAAAAAL, dr(0, GICD_ICFGR));
    }

    @Test
    void higherPriorityWinsAndTiesGoToTheLowerId() {
        make(1, 64);
        enableSpi(50, 0x80);
        enableSpi(45, 0x40);
        enableSpi(44, 0x40);
        gic.spi(50).raise();
        gic.spi(45).raise();
        gic.spi(44).raise();
        assertEquals(44, cr(0, GICC_HPPIR));
        assertEquals(44, cr(0, GICC_IAR));
        cw(0, GICC_EOIR, 44);
        gic.spi(44).lower();
        assertEquals(45, cr(0, GICC_IAR));
        cw(0, GICC_EOIR, 45);
        gic.spi(45).lower();
        assertEquals(50, cr(0, GICC_IAR));
    }

    @Test
    void priorityMaskLetsOnlyStrictlyHigherPrioritiesThrough() {
        make(1, 64);
        enableSpi(40, 0x80);
        cw(0, GICC_PMR, 0x80);
        gic.spi(40).raise();
        assertFalse(irq.get(0).level());
        assertEquals(1023, cr(0, GICC_IAR), "masked: spurious");
        assertEquals(40, cr(0, GICC_HPPIR), "HPPIR still shows it");
        cw(0, GICC_PMR, 0xFF);
        assertEquals(0xF8, cr(0, GICC_PMR), "5 priority bits, as a GIC-400");
        assertTrue(irq.get(0).level());
    }

    @Test
    void higherGroupPriorityPreemptsAndNests() {
        make(1, 64);
        enableSpi(40, 0x50);
        enableSpi(41, 0x48);
        gic.spi(40).raise();
        assertEquals(40, cr(0, GICC_IAR));
        gic.spi(41).raise();
        // BPR 2 (the reset value): group priority is bits [7:3]; 0x48 beats a running 0x50.
        assertTrue(irq.get(0).level(), "preempts");
        assertEquals(41, cr(0, GICC_IAR), "nested");
        assertEquals(0x48, cr(0, GICC_RPR));
        cw(0, GICC_EOIR, 41);
        assertEquals(0x50, cr(0, GICC_RPR), "back to the preempted one");
        cw(0, GICC_EOIR, 40);
        assertEquals(0xFF, cr(0, GICC_RPR));
    }

    @Test
    void sameGroupPriorityUnderACoarserBinaryPointDoesNotPreempt() {
        make(1, 64);
        enableSpi(40, 0x50);
        enableSpi(41, 0x48);
        cw(0, GICC_BPR, 4);
        gic.spi(40).raise();
        assertEquals(40, cr(0, GICC_IAR));
        // BPR 4: group priority is bits [7:5]; both are 0x40, the difference is only sub-priority.
        assertEquals(0x40, cr(0, GICC_RPR));
        gic.spi(41).raise();
        assertFalse(irq.get(0).level());
        assertEquals(1023, cr(0, GICC_IAR));
        gic.spi(40).lower();
        cw(0, GICC_EOIR, 40);
        assertTrue(irq.get(0).level(), "taken once the first is done");
        cw(0, GICC_BPR, 0);
        assertEquals(2, cr(0, GICC_BPR), "BPR below the minimum reads as the minimum");
    }

    @Test
    void activePrioritiesShowInApr0AndWritingZeroClearsThem() {
        make(1, 64);
        enableSpi(40, 0x50);
        gic.spi(40).raise();
        cr(0, GICC_IAR);
        assertEquals(1 << (0x50 >> 3), cr(0, GICC_APR0));
        cw(0, GICC_APR0, 0);
        assertEquals(0xFF, cr(0, GICC_RPR));
    }

    @Test
    void targetsRouteSpisAndBitsOfMissingCpusReadAsZero() {
        make(4, 64);
        enableSpi(40, 0x80);
        d.write(GICD_ITARGETSR + 40, 1, 0xFF, 0);
        assertEquals(0x0F, d.read(GICD_ITARGETSR + 40, 1, 0));
        d.write(GICD_ITARGETSR + 40, 1, 0x04, 0);
        gic.spi(40).raise();
        assertEquals(List.of(false, false, true, false), irq.stream().map(LevelLatch::level).toList());
        assertEquals(1023, cr(0, GICC_IAR));
        assertEquals(40, cr(2, GICC_IAR));
        assertEquals(0x08080808L, dr(3, GICD_ITARGETSR), "SGI targets read as the reader's own bit");
        dw(3, GICD_ITARGETSR, 0x01010101);
        assertEquals(0x08080808L, dr(3, GICD_ITARGETSR), "and cannot be changed");
    }

    @Test
    void uniprocessorGicRoutesEverySpiToItsCpu() {
        make(1, 64);
        assertEquals(0, dr(0, GICD_ITARGETSR + 40), "a uniprocessor GIC's ITARGETSRs are RAZ/WI");
        assertEquals(0, dr(0, GICD_ITARGETSR), "the private interrupts' too");
        d.write(GICD_ITARGETSR + 40, 1, 0x00, 0);
        d.write(GICD_ITARGETSR + 41, 1, 0x01, 0);
        assertEquals(0, d.read(GICD_ITARGETSR + 41, 1, 0), "writes ignored");
        dw(GICD_CTLR, 1);
        cw(0, GICC_CTLR, 1);
        cw(0, GICC_PMR, 0xF0);
        dw(GICD_ISENABLER + 4, 1 << 8);
        gic.spi(40).raise();
        assertTrue(irq.get(0).level(), "a bare-metal program need not program targets");
    }

    @Test
    void spiTargetedAtTwoCpusIsTakenByTheFirstToAcknowledge() {
        make(2, 64);
        enableSpi(40, 0x80);
        d.write(GICD_ITARGETSR + 40, 1, 0x03, 0);
        gic.spi(40).raise();
        assertTrue(irq.get(0).level() && irq.get(1).level());
        assertEquals(40, cr(1, GICC_IAR));
        assertFalse(irq.get(0).level());
        assertEquals(1023, cr(0, GICC_IAR));
    }

    void enableSgis() {
        dw(GICD_CTLR, 1);
        for (int c = 0; c < gic.cpus(); c++) {
            cw(c, GICC_CTLR, 1);
            cw(c, GICC_PMR, 0xF0);
            dw(c, GICD_ISENABLER, 0xFFFF);
        }
    }

    @Test
    void sgiTargetListFilterAndSourceIds() {
        make(4, 64);
        enableSgis();
        dw(0, GICD_SGIR, 0b0110 << 16 | 3);  // target list: CPUs 1 and 2
        assertEquals(List.of(false, true, true, false), irq.stream().map(LevelLatch::level).toList());
        assertEquals(3, cr(1, GICC_IAR), "source CPU 0");
        assertEquals(3, cr(2, GICC_IAR));
        cw(1, GICC_EOIR, 3);
        cw(2, GICC_EOIR, 3);
        dw(2, GICD_SGIR, 1 << 24 | 7);  // all but self, from CPU 2
        assertEquals(List.of(true, true, false, true), irq.stream().map(LevelLatch::level).toList());
        assertEquals(2 << 10 | 7, cr(3, GICC_IAR));
        dw(3, GICD_SGIR, 2 << 24 | 9);  // self only
        assertEquals(3 << 10 | 9, cr(3, GICC_HPPIR));
        assertEquals(1L << 3, dr(3, GICD_SPENDSGIR + 8) >>> 8 & 0xFF, "SPENDSGIR2 byte 1 (SGI 9) shows source CPU 3");
    }

    @Test
    void sgiFromTwoSourcesIsActiveAndPendingUntilEachIsAcknowledged() {
        make(4, 64);
        enableSgis();
        dw(3, GICD_SGIR, 1 << 16 | 5);
        dw(1, GICD_SGIR, 1 << 16 | 5);
        assertEquals(0b1010, d.read(GICD_SPENDSGIR + 5, 1, 0));
        assertEquals(1 << 10 | 5, cr(0, GICC_IAR), "lowest source first");
        assertEquals(1023, cr(0, GICC_IAR), "active and pending: waits for deactivation");
        cw(0, GICC_EOIR, 1 << 10 | 5);
        assertEquals(3 << 10 | 5, cr(0, GICC_IAR));
        cw(0, GICC_EOIR, 3 << 10 | 5);
        assertEquals(1023, cr(0, GICC_IAR));
    }

    @Test
    void cpendsgirWithdrawsOneSource() {
        make(2, 64);
        enableSgis();
        dw(1, GICD_SGIR, 1 << 16 | 2);
        dw(0, GICD_SGIR, 2 << 24 | 2);
        d.write(GICD_CPENDSGIR + 2, 1, 0b10, 0);
        assertEquals(0b01, d.read(GICD_SPENDSGIR + 2, 1, 0));
        assertEquals(2, cr(0, GICC_IAR));
    }

    @Test
    void eoiModeSplitsPriorityDropFromDeactivation() {
        make(1, 64);
        enableSpi(40, 0x80);
        edgeTriggered(40);
        cw(0, GICC_CTLR, 1 | 1 << 9);
        gic.spi(40).pulse();
        assertEquals(40, cr(0, GICC_IAR));
        cw(0, GICC_EOIR, 40);
        assertEquals(0xFF, cr(0, GICC_RPR), "priority dropped");
        assertEquals(1L << 8, dr(0, GICD_ISACTIVER + 4), "still active");
        gic.spi(40).pulse();
        assertFalse(irq.get(0).level(), "still active, so not signalled");
        cw(0, GICC_DIR, 40);
        assertEquals(0, dr(0, GICD_ISACTIVER + 4));
        assertTrue(irq.get(0).level(), "the second edge now");
    }

    @Test
    void spuriousEoiIsHarmless() {
        make(1, 64);
        enableSpi(40, 0x80);
        assertEquals(1023, cr(0, GICC_IAR));
        cw(0, GICC_EOIR, 1023);
        assertEquals(0xFF, cr(0, GICC_RPR));
    }

    @Test
    void group0GoesToFiqWhenFiqEnIsSet() {
        make(1, 64);
        enableSpi(40, 0x80);
        cw(0, GICC_CTLR, 1 | 1 << 3);
        gic.spi(40).raise();
        assertTrue(fiq.get(0).level());
        assertFalse(irq.get(0).level());
        assertEquals(40, cr(0, GICC_IAR));
        assertFalse(fiq.get(0).level());
    }

    @Test
    void group1NeedsItsEnablesAndAckCtlOrTheAlias() {
        make(1, 64);
        enableSpi(40, 0x80);
        dw(GICD_IGROUPR + 4, 1 << 8);
        gic.spi(40).raise();
        assertFalse(irq.get(0).level(), "group 1 not enabled");
        dw(GICD_CTLR, 3);
        cw(0, GICC_CTLR, 3 | 1 << 3);
        assertTrue(irq.get(0).level(), "group 1 is IRQ even with FIQEn");
        assertFalse(fiq.get(0).level());
        assertEquals(1022, cr(0, GICC_IAR), "AckCtl 0: IAR does not acknowledge group 1");
        assertEquals(40, cr(0, GICC_AIAR));
        assertEquals(1L << 8, dr(0, GICD_ISACTIVER + 4));
    }

    @Test
    void ppisAreBankedPerCpu() {
        make(2, 64);
        dw(GICD_CTLR, 1);
        for (int c = 0; c < 2; c++) {
            cw(c, GICC_CTLR, 1);
            cw(c, GICC_PMR, 0xF0);
        }
        dw(1, GICD_ISENABLER, 1 << 27);
        gic.ppi(0, 27).raise();
        assertFalse(irq.get(0).level(), "CPU 0's PPI 27 is not enabled");
        gic.ppi(1, 27).raise();
        assertTrue(irq.get(1).level());
        assertEquals(1L << 27, dr(1, GICD_ISPENDR) & (1L << 27));
        assertEquals(1L << 27, dr(0, GICD_ISPENDR) & (1L << 27));
        assertEquals(0, dr(0, GICD_ISENABLER) & (1L << 27));
        assertEquals(27, cr(1, GICC_IAR));
    }

    @Test
    void priorityBytesAndWordOnlyRegisters() {
        make(1, 64);
        d.write(GICD_IPRIORITYR + 41, 1, 0xA7, 0);
        assertEquals(0xA0L << 8, dr(0, GICD_IPRIORITYR + 40));
        assertEquals(0xA0, d.read(GICD_IPRIORITYR + 41, 1, 0));
        d.write(GICD_ISENABLER + 4, 1, 0xFF, 0);
        assertEquals(0, dr(0, GICD_ISENABLER + 4), "byte write to a word-only register is ignored");
        assertEquals("GICD_ISENABLER1", d.registerName(GICD_ISENABLER + 4));
        assertEquals("GICC_IAR", cpuIf.registerName(GICC_IAR));
    }

    @Test
    void resetReturnsToPowerOnState() {
        make(1, 64);
        enableSpi(40, 0x80);
        gic.spi(40).raise();
        cr(0, GICC_IAR);
        d.reset();
        assertEquals(0, dr(0, GICD_CTLR));
        assertEquals(0, dr(0, GICD_ISACTIVER + 4));
        assertEquals(0xFF, cr(0, GICC_RPR));
        assertFalse(irq.get(0).level());
    }

    @Test
    void badInputNumbersAreRejectedAtWiring() {
        make(2, 64);
        assertThrows(IllegalArgumentException.class, () -> gic.spi(64));
        assertThrows(IllegalArgumentException.class, () -> gic.spi(31));
        assertThrows(IllegalArgumentException.class, () -> gic.ppi(2, 27));
        assertThrows(IllegalArgumentException.class, () -> gic.ppi(0, 15));
    }

    @Test
    @Timeout(10)
    void devicesOnTheirOwnThreadsAndAVcpuHandlingEveryInterrupt() throws Exception {
        make(1, 64);
        int devices = 4, rounds = 500;
        for (int i = 0; i < devices; i++) enableSpi(40 + i, 0x80 - 8 * i);
        int[] handled = new int[devices];
        Semaphore[] serviced = new Semaphore[devices];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            int dev = i;
            serviced[i] = new Semaphore(0);
            threads.add(new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    gic.spi(40 + dev).raise();
                    serviced[dev].acquireUninterruptibly();
                }
            }));
        }
        threads.forEach(Thread::start);
        // The vCPU: acknowledge, let the handler quieten the device (it lowers its level line), EOI.
        int total = 0;
        while (total < devices * rounds) {
            int id = cr(0, GICC_IAR);
            if (id == 1023) {
                Thread.onSpinWait();
                continue;
            }
            int dev = id - 40;
            gic.spi(id).lower();
            handled[dev]++;
            total++;
            cw(0, GICC_EOIR, id);
            serviced[dev].release();
        }
        for (Thread t : threads) t.join();
        assertArrayEquals(new int[] {rounds, rounds, rounds, rounds}, handled);
        assertFalse(irq.get(0).level());
        assertEquals(1023, cr(0, GICC_IAR));
    }
}
