package armvmm.boards.common;

/**
 * One window of a board's memory map, as the board's table lists it: where it is, how big, what the board
 * puts behind it and which GIC shared peripheral interrupts it raises. A board is such a table (an enum
 * implementing this interface) and a loop over it calling {@link DeviceModel#build} and
 * {@link DeviceModel#writeNode}.
 */
public interface MapWindow {
    /** GIC interrupt ID of SPI 0 (GIC architecture specification: SPIs are IDs 32-1019). */
    int SPI_BASE = 32;

    /** The table's name for the window (an enum constant's name). */
    String name();

    long base();

    long size();

    DeviceModel model();

    /** The SPI numbers (GIC interrupt ID minus 32) the window raises, in the order its node lists them. */
    int[] spis();

    default long end() { return base() + size(); }

    /** GIC interrupt ID of the window's {@code i}th interrupt. */
    default int intid(int i) { return SPI_BASE + spis()[i]; }
}
