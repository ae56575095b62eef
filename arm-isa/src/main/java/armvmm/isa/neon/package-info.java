/**
 * Advanced SIMD (NEON) for the TCG CPU: element semantics ({@link armvmm.isa.neon.NeonInteger},
 * {@link armvmm.isa.neon.NeonFloat}, {@link armvmm.isa.neon.Lanes}), the decoder of the A32 spaces 1111001U
 * and 11110100 ({@link armvmm.isa.neon.NeonDecoder}; T32 encodings arrive converted by
 * {@link armvmm.isa.vfp.SimdFpExtension}) and one executor class per encoding group. Floating-point elements
 * use the standard FPSCR value; flags and QC accumulate in the CPU's FPSCR.
 */
package armvmm.isa.neon;
