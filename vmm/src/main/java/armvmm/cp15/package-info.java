/**
 * The coprocessor (cp15, cp14) registers: each declared once, as data, and used by every part of the VMM.
 *
 * <ul>
 *   <li>Declaring: a {@link armvmm.cp15.CpReg} per register (encoding, ARM ARM name, rights, kind, banking,
 *       hooks, AArch64 alias); {@link armvmm.cpu.cortexa15.CortexA15} is the core's table, a board adds its own
 *       through {@code Board.systemRegisters()} (CBAR).</li>
 *   <li>A CPU (TCG): {@code CortexA15.registry(board.systemRegisters())} once per machine,
 *       {@link armvmm.cp15.CpRegistry#newState} per vCPU with its {@link armvmm.cp15.CpHost}. An MRC/MCR
 *       resolves {@link armvmm.cp15.CpRegistry#lookup} at translate time; at run time
 *       {@link armvmm.cp15.CpState#check} (or {@link armvmm.cp15.CpState#checkUnknown} for null), then
 *       {@link armvmm.cp15.CpState#read}/{@link armvmm.cp15.CpState#write}; the CPU keeps
 *       {@link armvmm.cp15.CpState#setSecure} in step with the security state, reports to the machine's
 *       {@link armvmm.cp15.Cp15Trace} when one is set, and an unknown encoding to
 *       {@link armvmm.cp15.CpRegistry#reportUnknown}.</li>
 *   <li>The MMU and exception entry: {@link armvmm.cp15.CpState#peek} of SCTLR, TTBCR, TTBR0/1, DACR, PRRR/NMRR,
 *       VBAR ... ({@code CortexA15} fields), {@link armvmm.cp15.CpState#poke} for DFSR/DFAR/IFSR/IFAR.</li>
 *   <li>KVM: {@link armvmm.cp15.CpReg#aarch64()} gives the arm64 register id, {@link armvmm.cp15.CpEncoding#kvmArm32RegId()}
 *       the 32-bit one; values move with peek/poke.</li>
 *   <li>Snapshots: {@link armvmm.cp15.CpState#saveValues()} / {@link armvmm.cp15.CpState#restoreValues} within one
 *       registry; {@code armvmm.snapshot} saves by register name through {@code VcpuDebug}, then
 *       {@link armvmm.cp15.CpState#restored()}.</li>
 * </ul>
 *
 * <p>Hyp traps: HSTR, and the HCR, HCPTR and HDCR bits listed in {@code HypTraps}. Not modelled: MIDR/MPIDR
 * reads from Non-secure PL1 do not return VPIDR/VMPIDR; HCR.TIDCP; the performance monitors do not count;
 * debug events never fire; the CNTKCTL event stream is not generated.
 */
package armvmm.cp15;
