package armvmm.boards.vexpress;

import armvmm.chardev.CharBackendSpec;
import armvmm.devices.gic.Gicv2;
import armvmm.devices.timer.Sp804;
import armvmm.devices.uart.Pl011;
import armvmm.irq.InterruptController;
import armvmm.machine.ExitCode;
import armvmm.machine.GicSpec;
import armvmm.machine.Machine;
import armvmm.machine.VmmException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a device behind every window of {@link VexpressMap} and wires its interrupts to the machine's
 * interrupt controller: the accelerator's in-kernel GIC when it has one, else the Java {@link Gicv2}
 * driving every vCPU's IRQ and FIQ inputs.
 */
public final class VexpressDevices {
    private static final Logger log = LoggerFactory.getLogger(VexpressDevices.class);

    private VexpressDevices() {}

    /** Windows whose device model is not in this build yet (left unmapped: an access is a bus error). */
    public static List<VexpressMap> build(Machine machine, List<VirtioSlot> virtio) {
        if (!virtio.isEmpty())
            throw new VmmException("virtio devices are not in this build of the vexpress-a15 board yet", ExitCode.UNSUPPORTED);
        InterruptController ic = interruptController(machine);
        machine.setInterruptController(ic);
        List<VexpressMap> missing = new ArrayList<>();
        for (VexpressMap w : VexpressMap.values()) {
            switch (w.model) {
                case PL011 -> {
                    Pl011 uart = new Pl011(name("pl011", w), machine.clock(), ic.spi(w.intid(0)));
                    if (w == VexpressMap.UART0)
                        uart.attach(CharBackendSpec.parse(machine.config().serial()).open(() -> machine.requestPowerOff("console quit key")));
                    machine.bus().mapMmio(w.base, w.size, uart);
                }
                case SP804 -> machine.bus().mapMmio(w.base, w.size, new Sp804(name("sp804", w), machine.clock(), ic.spi(w.intid(0))));
                // Mapped by interruptController (Java model) or held by the kernel (in-kernel vGIC).
                case GIC_DISTRIBUTOR, GIC_CPU_INTERFACE -> {}
                // RAM and the boot ROM belong to the board itself; the virtio window to its transports.
                case RAM, BOOT_ROM, VIRTIO_MMIO -> {}
                case VEXPRESS_SYSREGS, SP810, PL031, UNIMPLEMENTED -> missing.add(w);
            }
        }
        if (!missing.isEmpty()) log.warn("vexpress-a15: not modelled in this build, left unmapped: {}", missing);
        return missing;
    }

    private static InterruptController interruptController(Machine machine) {
        GicSpec spec = new GicSpec(VexpressMap.GIC_DIST.base, VexpressMap.GIC_CPU.base, VexpressMap.GIC_LINES);
        return machine.accelerator().inKernelInterruptController(spec).orElseGet(() -> {
            Gicv2 gic = Gicv2.forVcpus(VexpressMap.GIC_LINES, machine.vcpus());
            machine.bus().mapMmio(VexpressMap.GIC_DIST.base, VexpressMap.GIC_DIST.size, gic.distributor());
            machine.bus().mapMmio(VexpressMap.GIC_CPU.base, VexpressMap.GIC_CPU.size, gic.cpuInterface());
            return gic;
        });
    }

    private static String name(String model, VexpressMap w) { return String.format("%s@%x", model, w.base); }
}
