/**
 * The Cortex-A15 memory system (VMSAv7 stage 1 translation, a software TLB), used by the TCG accelerator and by KVM's emulation of the accesses it hands back: {@link armvmm.isa.mem.MemoryAccess} is the CPU's only
 * way to memory, {@link armvmm.isa.mem.Mmu} implements it (one per vCPU), {@link armvmm.isa.mem.CodePages} is
 * shared by the vCPUs of a machine.
 *
 * <h2>How a CPU drives its Mmu</h2>
 * (armvmm.tcg.TcgVcpu in accel-tcg does all of this; accel-kvm builds a throwaway one per emulated access.)
 * <ul>
 * <li>{@code new Mmu(addressSpace, codePages, vcpuAsBusMaster)}; install it as the CPU's MemoryAccess.</li>
 * <li>Mode changes: {@code setPrivileged(mode != USR)}. Accesses with {@code MemoryAccess.UNPRIVILEGED}
 *     (LDRT/STRT) are checked as PL0 whatever the mode.</li>
 * <li>{@code CpHost.translationRegimeChanged}: build a {@link armvmm.isa.mem.TranslationRegime} from the bank
 *     in use (SCTLR, TTBCR, TTBR0/1 as 64-bit values, DACR, PRRR, NMRR, MAIR0/1, CONTEXTIDR, secure) and call
 *     {@code setRegime}; the Mmu decides what needs a TLB flush.</li>
 * <li>{@code CpHost.tlbMaintenance(op, arg)}: ALL -> {@code tlbInvalidateAll()}, MVA ->
 *     {@code tlbInvalidateMva(arg)}, ASID -> {@code tlbInvalidateAsid(arg)}, MVA_ALL_ASID ->
 *     {@code tlbInvalidateMvaAllAsid(arg)}, with the MCR value as it is. The *_IS forms: the same on this
 *     vCPU's Mmu, and {@code other.post(m -> m.tlbInvalidateMva(arg))} to every other vCPU's Mmu, which
 *     calls {@code safePoint()} (which applies them) between blocks.</li>
 * <li>{@code CpHost.addressTranslation}: ATS1CPR/CPW/CUR/CUW -> {@code ats(AtsKind.X, va)}, the PAR value in
 *     the format TTBCR.EAE selects (a MemoryAbort thrown from it is an external abort on the walk: take it
 *     as a Data Abort).</li>
 * <li>A {@link armvmm.isa.mem.MemoryAbort} carries DFSR/IFSR (format already chosen, WnR included) and
 *     DFAR/IFAR.</li>
 * <li>The interpreter calls {@code translateFetch(pc, flags)} before each block (a TLB hit is one compare) and
 *     finds the block by VA and PA. {@code translationGeneration()} changes whenever a translation may have
 *     changed (TLB entry dropped, replaced or flushed, new ASID), for a cache that wants to skip that call.</li>
 * <li>The decoder marks {@code CodePages.mark(mem.translateFetch(pc, flags))} for each page it decodes
 *     from; stores through the Mmu report {@code CodePages.written} themselves; DMA and image loading reach
 *     CodePages through {@code addressSpace.addRamWriteListener(codePages::written)} (TcgInstance).</li>
 * <li>With the MMU off, data accesses are Strongly-ordered: an unaligned one is an alignment fault, as on
 *     the hardware. Bare-metal programs that want ARMv7 unaligned accesses turn on a flat map first.</li>
 * </ul>
 */
package armvmm.isa.mem;
