/**
 * Machine state as data: a snapshot of a paused machine, written to a file and restored into a machine
 * built from the same configuration, in this process or another. Each part of the machine saves and loads
 * its own section ({@link armvmm.snapshot.Snapshottable}); {@link armvmm.snapshot.MachineSnapshot} walks
 * them in a fixed order; {@link armvmm.snapshot.SnapshotFile} is the container, which knows nothing of what
 * the sections hold. vCPUs are saved through {@link armvmm.accel.VcpuDebug} by register name (core
 * registers by {@link armvmm.cpu.CoreReg} name, cp15 by registry name), never in an accelerator's own
 * layout, so that another accelerator can later read the same section.
 *
 * <h2>File format, version 1</h2>
 * All numbers are big-endian (Java's DataOutput). An <i>id</i> is one unsigned length byte (1..200) and
 * that many bytes of UTF-8 without control characters.
 * <pre>
 * header   "ARMVMMSN" (8 bytes)  u16 version (1)  id board  u16 cpus  u64 ram-bytes
 * section  id  u32 length (at most 64 MiB)  body[length]  u32 CRC-32 of body
 *          ... repeated, ended by the section "end" with an empty body
 * </pre>
 * A reader refuses any other version; it checks every section's CRC before it looks inside, and every
 * number inside against what the part can hold. The header's board, CPU count and RAM size must equal the
 * restoring machine's. Sections, in the order they are written:
 * <dl>
 *   <dt>{@code machine}</dt>
 *   <dd>u64 the machine clock in nanoseconds. Restored first: the clock goes on from there
 *       ({@link armvmm.time.MachineClock#continueFrom}), so that every timer's deadline, kept as a point on
 *       that clock, has the time left that it had when it was saved.</dd>
 *   <dt>{@code ram NAME} (NAME: the RAM block, e.g. vexpress.dram), zero or more per block</dt>
 *   <dd>u64 first page (4 KiB pages, a multiple of 4096), u32 pages in this chunk (4096, fewer at the
 *       block's end), a bitmap of the chunk's pages (bit p of byte p/8: page stored), u8 encoding (1: the
 *       stored pages concatenated and deflated; 0: the same, raw), the pages. A page of zeros is not stored,
 *       nor a chunk with no other page: a restore clears RAM first. ROM is not saved; the board builds it.</dd>
 *   <dt>{@code cpu N}, one per vCPU by index</dt>
 *   <dd>u16 count, then per core register a UTF name ({@link armvmm.cpu.CoreReg}: every banked register,
 *       PC, CPSR, the SPSRs) and its u32 value; D0-D31 (u64 each), u32 FPSCR, u32 FPEXC, u8 power state
 *       ({@link armvmm.accel.VcpuDebug.PowerState}: ON, WFI, WFE, OFF), u8 event register; then u16 count
 *       and per cp15/cp14 register with state (the registry's, identification constants left out) a UTF
 *       name, u8 bank (0: Non-secure or the only copy, 1: Secure) and the u64 stored value.</dd>
 *   <dt>{@code device NAME@BASE} (the device's bus name), one per device with state, in bus order</dt>
 *   <dd>The device's own layout (its {@code saveState}): the GIC's is in the distributor's section and
 *       holds both frames (GICD: enables, pending, active, groups, priorities, targets, configuration, line
 *       levels, SGI sources; GICC per CPU: control, priority mask, binary points, the active priorities);
 *       virtio-mmio's holds the transport registers (status, negotiated features, selectors), each queue's
 *       size, ring addresses, ready flag and indices (the device's last_avail_idx and used idx), then the
 *       device's own (virtio-blk: its capacity, which the restoring --drive must match). Requests are
 *       drained before a save, so none is in flight in a snapshot.</dd>
 * </dl>
 * A section the machine has no part for, a part without its section, a section twice, a body that ends
 * early or has bytes left over: each refuses the snapshot with one line naming the section.
 */
package armvmm.snapshot;
