package armvmm.machine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the user asked for, already validated by the CLI (files exist and are readable, sizes parse).
 * Devices such as drives and network backends come as option maps, each parsed by the device that uses it.
 */
public record MachineConfig(
        String board,
        int cpus,
        long memoryBytes,
        Path kernel,
        Path dtb,
        Path initrd,
        String append,
        String serial,
        boolean noReboot,
        List<Map<String, String>> drives,
        List<Map<String, String>> netdevs,
        List<Map<String, String>> devices,
        String console) {

    public static MachineConfig minimal(String board, int cpus, long memoryBytes) {
        return new MachineConfig(board, cpus, memoryBytes, null, null, null, null, "none", true, List.of(), List.of(), List.of(), "serial");
    }
}
