package armvmm.boards.common;

/**
 * What a board puts behind a window of its memory map ({@link MapWindow#model()}): how to create the
 * device, map it and connect its interrupt lines, and the node the board's generated device tree gives
 * it. Both take the window, so one model serves every window (and every board) that holds such a device.
 */
public interface DeviceModel {
    /**
     * Creates the window's device, maps it at the window on {@link BoardWiring#bus()} and connects its
     * interrupt outputs to the window's SPIs ({@link BoardWiring#spi}). Host resources it opens are
     * registered for closing at machine shutdown. A user's mistake is a {@link armvmm.error.VmmException}.
     */
    void build(BoardWiring wiring, MapWindow window);

    /**
     * Adds the window's node(s) to the board's generated tree; nothing for a window the tree leaves out
     * or one whose node the board writes elsewhere (each model says which).
     */
    void writeNode(DeviceTreeWriter dt, MapWindow window);
}
