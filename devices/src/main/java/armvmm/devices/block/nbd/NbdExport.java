package armvmm.devices.block.nbd;

import static armvmm.devices.block.nbd.Nbd.*;

/**
 * What the server said about the export in its NBD_REP_INFO replies to NBD_OPT_GO, checked against the
 * spec's rules when it was received.
 *
 * @param size              the export's size in bytes
 * @param transmissionFlags NBD_FLAG_HAS_FLAGS, NBD_FLAG_READ_ONLY, NBD_FLAG_SEND_FLUSH, ...
 * @param minBlock          the minimum block size (a power of 2, at most 64 KiB)
 * @param preferredBlock    the preferred block size
 * @param maxPayload        the largest NBD_CMD_READ/WRITE payload the server takes
 */
public record NbdExport(long size, int transmissionFlags, int minBlock, int preferredBlock, long maxPayload) {
    public boolean has(int flag) { return (transmissionFlags & flag) != 0; }

    public boolean readOnly() { return has(NBD_FLAG_READ_ONLY); }
    public boolean canFlush() { return has(NBD_FLAG_SEND_FLUSH); }
    public boolean canFua() { return has(NBD_FLAG_SEND_FUA); }
    public boolean canTrim() { return has(NBD_FLAG_SEND_TRIM); }
    public boolean canWriteZeroes() { return has(NBD_FLAG_SEND_WRITE_ZEROES); }
}
