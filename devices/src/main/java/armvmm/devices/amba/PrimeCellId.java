package armvmm.devices.amba;

/**
 * The identification registers at the top of every ARM PrimeCell's 4 KiB window: PeriphID0-3 at
 * 0xFE0-0xFEC (part number, designer 0x41 'A', revision, configuration) and PCellID0-3 at 0xFF0-0xFFC
 * (always 0x0D, 0xF0, 0x05, 0xB1). The AMBA bus driver in Linux reads them to choose a driver, so a
 * device that should stay unbound must not answer here.
 */
public record PrimeCellId(int partNumber, int revision, int configuration) {
    public static final int FIRST = 0xFE0;
    private static final int DESIGNER_ARM = 0x41;
    private static final int[] PCELL_ID = {0x0D, 0xF0, 0x05, 0xB1};

    public PrimeCellId {
        if (partNumber < 0 || partNumber > 0xFFF || revision < 0 || revision > 0xF || configuration < 0 || configuration > 0xFF)
            throw new IllegalArgumentException("bad PrimeCell ID " + partNumber + "/" + revision + "/" + configuration);
    }

    public static boolean covers(long offset) { return offset >= FIRST && offset < 0x1000; }

    /** The byte value of the ID register at {@code offset} (word-aligned, 0xFE0-0xFFC). */
    public int read(long offset) {
        int index = (int) (offset - FIRST) / 4;
        return switch (index) {
            case 0 -> partNumber & 0xFF;
            case 1 -> (partNumber >> 8) | (DESIGNER_ARM & 0xF) << 4;
            case 2 -> (DESIGNER_ARM >> 4) | revision << 4;
            case 3 -> configuration;
            default -> PCELL_ID[index - 4];
        };
    }

    /** "PeriphID2", "PCellID0": the TRMs' names (each device prefixes its own, e.g. "UART"). */
    public static String registerName(long offset) {
        int index = (int) (offset - FIRST) / 4;
        return index < 4 ? "PeriphID" + index : "PCellID" + (index - 4);
    }
}
