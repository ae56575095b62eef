package armvmm.bus;

/**
 * The access sizes (in bytes, powers of two) a device accepts, and whether it accepts accesses not aligned
 * to their size. An access outside these rules never reaches the device: the bus reports a bus error, which
 * the CPU turns into a synchronous external abort (as an AXI/APB slave error would).
 */
public record AccessSizes(int min, int max, boolean unaligned) {
    public static final AccessSizes ANY = new AccessSizes(1, 8, false);
    public static final AccessSizes WORD = new AccessSizes(4, 4, false);
    public static final AccessSizes UP_TO_WORD = new AccessSizes(1, 4, false);
    public static final AccessSizes HALF_OR_WORD = new AccessSizes(2, 4, false);

    public AccessSizes {
        if (Integer.bitCount(min) != 1 || Integer.bitCount(max) != 1 || min > max || max > 8)
            throw new IllegalArgumentException("bad access sizes " + min + ".." + max);
    }

    @Override
    public String toString() {
        String sizes = min == max ? min + "-byte" : min + " to " + max + " byte";
        return sizes + (unaligned ? " accesses" : " aligned accesses");
    }

    public boolean allows(long offset, int size) {
        return size >= min && size <= max && (unaligned || (offset & (size - 1)) == 0);
    }
}
