package armvmm.devices.block.nbd;

/**
 * The numbers of the NBD protocol (NetworkBlockDevice/nbd, doc/proto.md) this client uses, under the
 * spec's names. All fields on the wire are big-endian.
 */
public final class Nbd {
    private Nbd() {}

    // Handshake.
    public static final long NBDMAGIC = 0x4e42444d41474943L;
    public static final long IHAVEOPT = 0x49484156454f5054L;
    public static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    public static final int NBD_FLAG_FIXED_NEWSTYLE = 1 << 0, NBD_FLAG_NO_ZEROES = 1 << 1;
    public static final int NBD_FLAG_C_FIXED_NEWSTYLE = 1 << 0, NBD_FLAG_C_NO_ZEROES = 1 << 1;

    // Options and their replies.
    public static final int NBD_OPT_ABORT = 2, NBD_OPT_GO = 7;
    public static final int NBD_REP_ACK = 1, NBD_REP_INFO = 3;
    public static final int NBD_REP_FLAG_ERROR = 1 << 31;
    public static final int NBD_INFO_EXPORT = 0, NBD_INFO_NAME = 1, NBD_INFO_DESCRIPTION = 2, NBD_INFO_BLOCK_SIZE = 3;

    // Transmission flags (NBD_INFO_EXPORT).
    public static final int NBD_FLAG_HAS_FLAGS = 1 << 0, NBD_FLAG_READ_ONLY = 1 << 1, NBD_FLAG_SEND_FLUSH = 1 << 2,
            NBD_FLAG_SEND_FUA = 1 << 3, NBD_FLAG_ROTATIONAL = 1 << 4, NBD_FLAG_SEND_TRIM = 1 << 5,
            NBD_FLAG_SEND_WRITE_ZEROES = 1 << 6, NBD_FLAG_CAN_MULTI_CONN = 1 << 8;

    // Transmission.
    public static final int NBD_REQUEST_MAGIC = 0x25609513;
    public static final int NBD_SIMPLE_REPLY_MAGIC = 0x67446698;
    public static final int NBD_STRUCTURED_REPLY_MAGIC = 0x668e33ef;
    public static final int NBD_CMD_READ = 0, NBD_CMD_WRITE = 1, NBD_CMD_DISC = 2, NBD_CMD_FLUSH = 3, NBD_CMD_TRIM = 4,
            NBD_CMD_WRITE_ZEROES = 6;
    public static final int NBD_CMD_FLAG_FUA = 1 << 0, NBD_CMD_FLAG_NO_HOLE = 1 << 1;

    /** The defaults a server without NBD_INFO_BLOCK_SIZE is assumed to keep to (Size constraints). */
    public static final int DEFAULT_MIN_BLOCK = 1, DEFAULT_PREFERRED_BLOCK = 4096, DEFAULT_MAX_PAYLOAD = 1 << 25;
    /** The largest minimum block size a server may advertise. */
    public static final int MAX_MIN_BLOCK = 1 << 16;

    /** An option reply type's name, for messages. */
    public static String replyName(int type) {
        return switch (type) {
            case NBD_REP_ACK -> "NBD_REP_ACK";
            case 2 -> "NBD_REP_SERVER";
            case NBD_REP_INFO -> "NBD_REP_INFO";
            case NBD_REP_FLAG_ERROR | 1 -> "NBD_REP_ERR_UNSUP";
            case NBD_REP_FLAG_ERROR | 2 -> "NBD_REP_ERR_POLICY";
            case NBD_REP_FLAG_ERROR | 3 -> "NBD_REP_ERR_INVALID";
            case NBD_REP_FLAG_ERROR | 4 -> "NBD_REP_ERR_PLATFORM";
            case NBD_REP_FLAG_ERROR | 5 -> "NBD_REP_ERR_TLS_REQD";
            case NBD_REP_FLAG_ERROR | 6 -> "NBD_REP_ERR_UNKNOWN";
            case NBD_REP_FLAG_ERROR | 7 -> "NBD_REP_ERR_SHUTDOWN";
            case NBD_REP_FLAG_ERROR | 8 -> "NBD_REP_ERR_BLOCK_SIZE_REQD";
            case NBD_REP_FLAG_ERROR | 9 -> "NBD_REP_ERR_TOO_BIG";
            default -> String.format("reply type 0x%08x", type);
        };
    }

    /** A transmission error value's name (the spec's errno subset). */
    public static String errorName(int error) {
        return switch (error) {
            case 1 -> "NBD_EPERM";
            case 5 -> "NBD_EIO";
            case 12 -> "NBD_ENOMEM";
            case 22 -> "NBD_EINVAL";
            case 28 -> "NBD_ENOSPC";
            case 75 -> "NBD_EOVERFLOW";
            case 95 -> "NBD_ENOTSUP";
            case 108 -> "NBD_ESHUTDOWN";
            default -> "error " + Integer.toUnsignedString(error);
        };
    }

    public static String commandName(int type) {
        return switch (type) {
            case NBD_CMD_READ -> "NBD_CMD_READ";
            case NBD_CMD_WRITE -> "NBD_CMD_WRITE";
            case NBD_CMD_DISC -> "NBD_CMD_DISC";
            case NBD_CMD_FLUSH -> "NBD_CMD_FLUSH";
            case NBD_CMD_TRIM -> "NBD_CMD_TRIM";
            case NBD_CMD_WRITE_ZEROES -> "NBD_CMD_WRITE_ZEROES";
            default -> "command " + type;
        };
    }
}
