package armvmm.devices.virtio;

import armvmm.devices.virtio.net.MacAddress;
import armvmm.devices.virtio.net.PasstNetBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** One virtio device the user asked for, validated by {@link VirtioOptions}; built by {@link VirtioBoardDevices}. */
public sealed interface VirtioDeviceSpec {
    VirtioMmioTransport.Version version();

    /**
     * --drive file=PATH[,format=raw|qcow2][,readonly=on][,snapshot=on][,serial=ID]
     *
     * @param snapshot writes are discarded when the VMM exits
     */
    record Blk(Path file, String format, boolean readOnly, boolean snapshot, String serial, VirtioMmioTransport.Version version)
            implements VirtioDeviceSpec {
        /** A raw image the VMM opens itself; every other drive is served by qemu-nbd (the format, or the snapshot overlay, is qemu's). */
        public boolean direct() { return format.equals("raw") && !snapshot; }
    }

    /** --netdev tap,..., socket,... or user,... */
    record Net(NetBackendSpec backend, MacAddress mac, VirtioMmioTransport.Version version) implements VirtioDeviceSpec {}

    /** --device virtio-rng */
    record Rng(VirtioMmioTransport.Version version) implements VirtioDeviceSpec {}

    /** --console virtio */
    record Console(VirtioMmioTransport.Version version) implements VirtioDeviceSpec {}

    sealed interface NetBackendSpec {
        record Tap(String ifname) implements NetBackendSpec {}

        record SocketListen(InetSocketAddress address) implements NetBackendSpec {}

        record SocketConnect(InetSocketAddress address) implements NetBackendSpec {}

        /** --netdev user[,hostfwd=...]: user-mode networking through passt. */
        record User(List<PasstNetBackend.HostForward> forwards) implements NetBackendSpec {}
    }
}
