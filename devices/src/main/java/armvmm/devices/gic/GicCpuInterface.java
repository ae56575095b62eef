package armvmm.devices.gic;

import armvmm.bus.AccessSizes;
import armvmm.bus.BusMaster;
import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;
import armvmm.devices.gic.GicCore.CpuInterface;

/**
 * The GICC_* frame, 8 KiB so that GICC_DIR (0x1000) exists: Linux only uses EOImode 1 when the frame is
 * that large. Every register is banked: the accessing vCPU selects its own interface.
 */
final class GicCpuInterface implements MmioDevice {
    private final Gicv2 gic;
    private final UnknownAccessLog unknown = new UnknownAccessLog("gic-cpu-interface");

    GicCpuInterface(Gicv2 gic) { this.gic = gic; }

    @Override
    public String name() { return "gic-cpu-interface"; }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.WORD; }

    @Override
    public String registerName(long offset) {
        GiccRegister r = GiccRegister.at(offset);
        return r == null ? null : "GICC_" + r.name();
    }

    @Override
    public void reset() { gic.reset(); }

    @Override
    public long read(long offset, int size, int requester) {
        GiccRegister r = GiccRegister.at(offset);
        if (r == null || requester == BusMaster.DMA || requester >= gic.cpus) {
            unknown.once(r == null ? "read of reserved offset" : "read by a non-CPU master", offset, size);
            return 0;
        }
        int c = requester;
        CpuInterface ci = gic.cpu[c];
        synchronized (gic.lock) {
            return switch (r) {
                case CTLR -> ci.ctlr;
                case PMR -> ci.pmr;
                case BPR -> ci.bpr;
                case ABPR -> ci.abpr;
                case IAR -> gic.acknowledge(c, false);
                case AIAR -> gic.acknowledge(c, true);
                case RPR -> gic.runningPriority(c);
                case HPPIR -> gic.highestPendingId(c, false);
                case AHPPIR -> gic.highestPendingId(c, true);
                case APR0 -> GicCore.activePriorityBits(ci, p -> true);
                case IIDR -> GiccRegister.GIC400_IIDR;
                // Write-only registers, and the further APRs this 32-level GIC does not need.
                case EOIR, AEOIR, DIR, APR1, APR2, APR3, NSAPR0, NSAPR1, NSAPR2, NSAPR3 -> 0;
            } & 0xFFFF_FFFFL;
        }
    }

    @Override
    public void write(long offset, int size, long value, int requester) {
        GiccRegister r = GiccRegister.at(offset);
        if (r == null || requester == BusMaster.DMA || requester >= gic.cpus) {
            unknown.once(r == null ? "write to reserved offset" : "write by a non-CPU master", offset, size);
            return;
        }
        int c = requester;
        int v = (int) value;
        CpuInterface ci = gic.cpu[c];
        synchronized (gic.lock) {
            switch (r) {
                case CTLR -> ci.ctlr = v & Gicv2.GICC_CTLR_WRITABLE;
                case PMR -> ci.pmr = v & GicCore.PRIORITY_BITS_MASK;
                case BPR -> ci.bpr = Math.max(v & 7, GicCore.MIN_BPR);
                case ABPR -> ci.abpr = Math.max(v & 7, GicCore.MIN_BPR + 1);
                case EOIR, AEOIR -> gic.endOfInterrupt(c, v);
                case DIR -> gic.deactivate(c, v & 0x3FF);
                case APR0 -> GicCore.clearActivePriorities(ci, p -> true, v);
                case APR1, APR2, APR3, NSAPR0, NSAPR1, NSAPR2, NSAPR3 -> { /* no levels there */ }
                case IAR, AIAR, RPR, HPPIR, AHPPIR, IIDR -> unknown.once("write to read-only GICC_" + r.name(), offset, size);
            }
            gic.update();
        }
    }
}
