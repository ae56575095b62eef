package armvmm.snapshot;

/**
 * What a snapshot was taken of: a machine restores it only when all of these match its own configuration.
 *
 * @param version    the format version ({@link SnapshotFile#VERSION})
 * @param board      the board name (vexpress-a15, virt)
 * @param cpus       the vCPU count
 * @param ramBytes   the --memory size
 */
public record SnapshotHeader(int version, String board, int cpus, long ramBytes) {}
