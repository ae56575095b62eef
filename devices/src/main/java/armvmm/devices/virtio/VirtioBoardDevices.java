package armvmm.devices.virtio;

import armvmm.bus.AddressSpace;
import armvmm.chardev.CharBackend;
import armvmm.devices.virtio.VirtioDeviceSpec.NetBackendSpec;
import armvmm.devices.block.nbd.QemuNbdServer;
import armvmm.devices.virtio.blk.BlkThreading;
import armvmm.devices.virtio.blk.NbdBlockBackend;
import armvmm.devices.virtio.blk.VirtioBlk;
import armvmm.devices.virtio.console.VirtioConsole;
import armvmm.devices.virtio.net.NetBackend;
import armvmm.devices.virtio.net.PasstNetBackend;
import armvmm.devices.virtio.net.SocketNetBackend;
import armvmm.devices.virtio.net.TapNetBackend;
import armvmm.devices.virtio.net.VirtioNet;
import armvmm.devices.virtio.rng.VirtioRng;
import armvmm.irq.IrqLine;
import armvmm.machine.MachineConfig;
import armvmm.error.ExitCode;
import armvmm.error.VmmException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Builds the virtio-mmio transports a board places in its slots (one device per slot, each 0x200 bytes of
 * registers and one level-triggered SPI): what a board's build step calls.
 */
public final class VirtioBoardDevices {
    private VirtioBoardDevices() {}

    /** The register window of one virtio-mmio transport. */
    public static final long SLOT_SIZE = 0x200;

    /**
     * The transports for every virtio device in {@code cfg}, in slot order: transport {@code i} is to be
     * mapped at {@code firstBase + SLOT_SIZE * i} and drives {@code irqOfSlot.apply(i)}. Host resources
     * (image files, sockets, TAP devices) are opened here, so a user's mistake surfaces as a
     * {@link VmmException} before the guest starts; on failure whatever was opened is closed again.
     *
     * @param console the character backend (the --serial one) that --console virtio connects to; may be null when the config does not ask for it
     */
    public static List<VirtioMmioTransport> build(MachineConfig cfg, AddressSpace bus, long firstBase, int slots,
            IntFunction<IrqLine> irqOfSlot, CharBackend console) {
        List<VirtioDeviceSpec> specs = VirtioOptions.parse(cfg, new SecureRandom());
        if (specs.size() > slots)
            throw new VmmException(specs.size() + " virtio devices requested (drives, netdevs, virtio-rng, virtio console) but board "
                    + cfg.board() + " has " + slots + " virtio-mmio slots");
        List<VirtioMmioTransport> out = new ArrayList<>();
        try {
            for (int i = 0; i < specs.size(); i++) {
                VirtioDeviceSpec s = specs.get(i);
                VirtioDevice d = device(s, console);
                out.add(new VirtioMmioTransport(d.kind() + "@" + Long.toHexString(firstBase + SLOT_SIZE * i), d, bus, irqOfSlot.apply(i), s.version()));
            }
            return out;
        } catch (RuntimeException e) {
            for (VirtioMmioTransport t : out) t.close();
            throw e;
        }
    }

    /**
     * One transport for a board that assigns its slots itself: {@code deviceName} and {@code options} as
     * {@link VirtioOptions#parse(String, Map, SecureRandom)} takes them. Opens the host resources; a user's
     * mistake is a {@link VmmException}.
     */
    public static VirtioMmioTransport transport(String deviceName, Map<String, String> options, String name, AddressSpace bus,
            IrqLine irq, CharBackend console) {
        VirtioDeviceSpec s = VirtioOptions.parse(deviceName, options, new SecureRandom());
        return new VirtioMmioTransport(name, device(s, console), bus, irq, s.version());
    }

    static VirtioDevice device(VirtioDeviceSpec s, CharBackend console) {
        if (s instanceof VirtioDeviceSpec.Blk b) return blk(b);
        if (s instanceof VirtioDeviceSpec.Net n) return new VirtioNet(backend(n.backend()), n.mac());
        if (s instanceof VirtioDeviceSpec.Rng) return new VirtioRng();
        if (s instanceof VirtioDeviceSpec.Console) {
            if (console == null) throw new IllegalArgumentException("--console virtio needs a console backend");
            return new VirtioConsole(console);
        }
        throw new IllegalArgumentException("no device for " + s);
    }

    /**
     * A raw image the VMM opens itself, or any other drive through qemu-nbd; either way reads and writes
     * on the vCPU thread and flushes on the device's worker. For NBD that means the vCPU waits for each
     * round trip (and for a flush in progress, the client taking one request at a time), which still
     * measured faster than handing every request to the worker: 65-89 MB/s written and 78-95 read
     * against 49-51 and 56-58 (bench/virtio-blk --format qcow2, busy host).
     */
    private static VirtioBlk blk(VirtioDeviceSpec.Blk b) {
        String what = "--drive file=" + b.file();
        if (b.direct()) {
            try {
                return VirtioBlk.open(b.file(), b.readOnly(), b.serial(), BlkThreading.FLUSH_ON_WORKER);
            } catch (IOException e) {
                throw new VmmException(what + ": cannot open (" + e.getMessage() + ")");
            }
        }
        String why = "format=" + b.format() + (b.snapshot() ? ",snapshot=on" : "");
        if (QemuNbdServer.executable().isEmpty())
            throw new VmmException(what + ": " + why + " needs qemu-nbd, which is not installed (" + QemuNbdServer.INSTALL_HINT + ")",
                    ExitCode.UNSUPPORTED);
        NbdBlockBackend backend;
        try {
            backend = NbdBlockBackend.serve(new QemuNbdServer.Options(b.file(), b.format(), b.readOnly(), b.snapshot()));
        } catch (IOException e) {
            throw new VmmException(what + ": " + e.getMessage());
        }
        try {
            return new VirtioBlk(backend, b.serial(), BlkThreading.FLUSH_ON_WORKER);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    private static NetBackend backend(NetBackendSpec b) {
        if (b instanceof NetBackendSpec.Tap t) return TapNetBackend.open(t.ifname());
        if (b instanceof NetBackendSpec.User u) {
            if (PasstNetBackend.executable().isEmpty())
                throw new VmmException("--netdev user: needs passt, which is not installed (" + PasstNetBackend.INSTALL_HINT + ")", ExitCode.UNSUPPORTED);
            try {
                return PasstNetBackend.open(u.forwards());
            } catch (IOException e) {
                throw new VmmException("--netdev user: " + e.getMessage());
            }
        }
        if (b instanceof NetBackendSpec.SocketListen l) return SocketNetBackend.listen(resolved(l.address()));
        return SocketNetBackend.connect(resolved(((NetBackendSpec.SocketConnect) b).address()));
    }

    private static InetSocketAddress resolved(InetSocketAddress a) {
        return new InetSocketAddress(a.getHostString(), a.getPort());
    }
}
