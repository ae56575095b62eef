package armvmm.devices.virtio;

import armvmm.devices.virtio.net.MacAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** One virtio device the user asked for, validated by {@link VirtioOptions}; built by {@link VirtioBoardDevices}. */
public sealed interface VirtioDeviceSpec {
    VirtioMmioTransport.Version version();

    /** --drive file=PATH,format=raw[,readonly=on][,serial=ID] */
    record Blk(Path file, boolean readOnly, String serial, VirtioMmioTransport.Version version) implements VirtioDeviceSpec {}

    /** --netdev tap,... or socket,... */
    record Net(NetBackendSpec backend, MacAddress mac, VirtioMmioTransport.Version version) implements VirtioDeviceSpec {}

    /** --device virtio-rng */
    record Rng(VirtioMmioTransport.Version version) implements VirtioDeviceSpec {}

    /** --console virtio */
    record Console(VirtioMmioTransport.Version version) implements VirtioDeviceSpec {}

    sealed interface NetBackendSpec {
        record Tap(String ifname) implements NetBackendSpec {}

        record SocketListen(InetSocketAddress address) implements NetBackendSpec {}

        record SocketConnect(InetSocketAddress address) implements NetBackendSpec {}
    }
}
