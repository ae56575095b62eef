/**
 * Advanced SIMD (NEON) for the TCG CPU: element semantics ({@link armvmm.tcg.neon.NeonInteger},
 * {@link armvmm.tcg.neon.NeonFloat}, {@link armvmm.tcg.neon.Lanes}), the decoder of the A32 spaces 1111001U
 * and 11110100 ({@link armvmm.tcg.neon.NeonDecoder}; T32 encodings arrive converted by
 * {@link armvmm.tcg.vfp.SimdFpExtension}) and one executor class per encoding group. Floating-point elements
 * use the standard FPSCR value; flags and QC accumulate in the CPU's FPSCR.
 */
package armvmm.tcg.neon;
