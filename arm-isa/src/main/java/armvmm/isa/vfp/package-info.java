/**
 * VFPv4-D32 for the TCG CPU: the floating-point semantics of the ARM ARM as a library (FPRound and the
 * operations built on it, {@link armvmm.isa.vfp.FpArithmetic}, {@link armvmm.isa.vfp.FpCompare},
 * {@link armvmm.isa.vfp.FpConvert}), the decoder of the coprocessor 10/11 space and its executors, the
 * enable checks, and {@link armvmm.isa.vfp.SimdFpExtension}, the CPU's extension hook for VFP and Advanced
 * SIMD (registered in META-INF/services).
 *
 * <p>State lives in the CPU: {@code ArmCpu.d[0..31]} (D registers; S2n/S2n+1 are the low/high words of Dn,
 * see {@link armvmm.isa.vfp.ExtensionRegisters}; Qn is D2n+1:D2n), {@code ArmCpu.fpscr} (only the bits in
 * {@link armvmm.isa.vfp.Fpscr#WRITABLE} are ever set) and {@code ArmCpu.fpexc}. A tester sets and reads those
 * fields directly; the unit runs when FPEXC.EN is set and CPACR grants cp10/cp11.
 */
package armvmm.isa.vfp;
