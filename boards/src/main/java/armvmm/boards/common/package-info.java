/**
 * What every board shares: a board is a table of {@link armvmm.boards.common.MapWindow}s (an enum such as
 * {@code VexpressMap}) and a loop over it. Each window names its {@link armvmm.boards.common.DeviceModel},
 * which creates the device, maps it over the window, wires it to the window's SPIs
 * ({@link armvmm.boards.common.BoardWiring}) and writes its node into the board's generated tree
 * ({@link armvmm.boards.common.DeviceTreeWriter}). The GIC and RAM are created or described by the board
 * before its loop, through their models' static methods, since everything else depends on them; the
 * virtio-mmio slots ({@link armvmm.boards.common.VirtioSlot}) and the run's /memory and /chosen are
 * written by {@link armvmm.boards.common.GuestTreePatch} into any tree, generated or the user's.
 *
 * <p>The node writers live here, not next to the device models in the devices module: a node is the
 * board's description of a device, and most of it is board knowledge (the root's cells, the interrupt
 * specifier and parent, which clock feeds each input, node names, alias order), while the devices module
 * stays a set of bus models that know nothing of device trees.
 */
package armvmm.boards.common;
