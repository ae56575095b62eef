package armvmm.devices.virtio.blk;

/** virtio_blk_req type values (virtio 1.x, 5.2.6) this device knows. */
public enum BlkRequestType {
    VIRTIO_BLK_T_IN(0),
    VIRTIO_BLK_T_OUT(1),
    VIRTIO_BLK_T_FLUSH(4),
    VIRTIO_BLK_T_GET_ID(8),
    VIRTIO_BLK_T_DISCARD(11),
    VIRTIO_BLK_T_WRITE_ZEROES(13);

    public final int code;

    BlkRequestType(int code) { this.code = code; }

    /** The type with {@code code}, or null for one this device does not implement. */
    public static BlkRequestType of(int code) {
        for (BlkRequestType t : values()) if (t.code == code) return t;
        return null;
    }
}
