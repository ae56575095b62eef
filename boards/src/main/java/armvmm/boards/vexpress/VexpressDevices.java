package armvmm.boards.vexpress;

import armvmm.chardev.CharBackend;
import armvmm.chardev.CharBackendSpec;
import armvmm.devices.gic.Gicv2;
import armvmm.devices.rtc.Pl031;
import armvmm.devices.sysctl.Sp810;
import armvmm.devices.timer.Sp804;
import armvmm.devices.unimp.UnimplementedDevice;
import armvmm.devices.vexpress.PowerControl;
import armvmm.devices.vexpress.VexpressSysRegs;
import armvmm.devices.uart.Pl011;
import armvmm.irq.InterruptController;
import armvmm.irq.GicSpec;
import armvmm.machine.Machine;
import java.util.List;

/**
 * Puts a device behind every window of {@link VexpressMap} and wires its interrupts to the machine's
 * interrupt controller: the accelerator's in-kernel GIC when it has one, else the Java {@link Gicv2}
 * driving every vCPU's IRQ and FIQ inputs.
 */
public final class VexpressDevices {
    private VexpressDevices() {}

    public static void build(Machine machine, List<VirtioSlot> virtio) {
        InterruptController ic = interruptController(machine);
        machine.setInterruptController(ic);
        boolean virtioConsole = VexpressVirtio.hasConsole(virtio);
        CharBackend serial = CharBackendSpec.parse(machine.config().serial()).open(() -> machine.requestPowerOff("console quit key"));
        machine.onShutdown(serial);
        for (VexpressMap w : VexpressMap.values()) {
            switch (w.model) {
                case VEXPRESS_SYSREGS -> machine.bus().mapMmio(w.base, w.size,
                        new VexpressSysRegs(name("sysregs", w), machine.clock(), PowerControl.of(machine)));
                case SP810 -> machine.bus().mapMmio(w.base, w.size, new Sp810(name("sp810", w)));
                case PL011 -> {
                    Pl011 uart = new Pl011(name("pl011", w), machine.clock(), ic.spi(w.intid(0)));
                    if (w == VexpressMap.UART0)
                        uart.attach(virtioConsole ? CharBackendSpec.parse("none").open(() -> {}) : serial);
                    machine.bus().mapMmio(w.base, w.size, uart);
                }
                case SP804 -> machine.bus().mapMmio(w.base, w.size, new Sp804(name("sp804", w), machine.clock(), ic.spi(w.intid(0))));
                case PL031 -> machine.bus().mapMmio(w.base, w.size, new Pl031(name("pl031", w), machine.clock(), ic.spi(w.intid(0))));
                case UNIMPLEMENTED -> machine.bus().mapMmio(w.base, w.size, new UnimplementedDevice(name(w.name().toLowerCase(), w)));
                // Mapped by interruptController (Java model) or held by the kernel (in-kernel vGIC).
                case GIC_DISTRIBUTOR, GIC_CPU_INTERFACE -> {}
                // RAM and the boot ROM belong to the board itself; the virtio window to its transports.
                case RAM, BOOT_ROM, VIRTIO_MMIO -> {}
            }
        }
        VexpressVirtio.build(machine, ic, virtio, virtioConsole ? serial : null);
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
