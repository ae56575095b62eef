package armvmm.kvm.arm;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.cpu.CpuMode;
import armvmm.kvm.KvmVcpu;
import armvmm.kvm.sys.VcpuFd;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.BasicSystemControl;
import armvmm.isa.cpu.ExceptionKind;
import armvmm.isa.cpu.SystemControl;
import armvmm.isa.decode.Coprocessors;
import armvmm.isa.decode.Decoders;
import armvmm.isa.decode.Insn;
import armvmm.isa.decode.T32Decoder;
import armvmm.isa.insn.LoadStore;
import armvmm.isa.insn.LoadStoreMultiple;
import armvmm.isa.insn.SystemInsn;
import armvmm.isa.mem.CodePages;
import armvmm.isa.mem.MemoryAbort;
import armvmm.isa.mem.Mmu;
import armvmm.isa.mem.TranslationRegime;

/**
 * Runs the one guest load or store KVM stopped at through the ISA module's CPU: the vCPU's core registers and its
 * stage 1 translation regime are read through KVM_GET_ONE_REG, the instruction at the PC is fetched through
 * an {@link Mmu} over the machine's bus, decoded by the ISA decoder and executed on a scratch
 * {@link ArmCpu} whose memory is that Mmu (so the access reaches the device model, and traces, exactly as
 * under TCG), and the registers it changed, PC included, are written back.
 *
 * <p>Two exits need this. KVM_EXIT_ARM_NISV: an access to a device whose syndrome KVM cannot use
 * (write-back addressing, LDM/STM, LDRD/STRD). And a KVM_EXIT_MMIO the bus refused: running the instruction
 * again aborts the same way, and the scratch CPU takes the Data Abort as TCG would (DFSR, DFAR, ABT mode,
 * the vector), which is then the vCPU's state.
 */
final class NisvEmulator {
    private final AddressSpace bus;
    private final Decoders decoders = Decoders.of(Decoders.loadExtensions(), Coprocessors.NONE);

    NisvEmulator(AddressSpace bus) { this.bus = bus; }

    /** What went wrong, for the exit handler's error; null when the instruction ran (or aborted into the guest). */
    String emulate(KvmVcpu vcpu, long faultIpa) {
        VcpuFd fd = vcpu.fd();
        ArmCoreRegisters before = Aarch32CoreRegs.read(fd);
        int cpsr = before.get(CoreReg.CPSR);
        int sctlr = (int) KvmCp15.read(fd, CortexA15.SCTLR);
        TranslationRegime regime = new TranslationRegime(sctlr, (int) KvmCp15.read(fd, CortexA15.TTBCR),
                KvmCp15.read(fd, CortexA15.TTBR0), KvmCp15.read(fd, CortexA15.TTBR1), (int) KvmCp15.read(fd, CortexA15.DACR),
                (int) KvmCp15.read(fd, CortexA15.PRRR), (int) KvmCp15.read(fd, CortexA15.NMRR),
                (int) KvmCp15.read(fd, CortexA15.MAIR0), (int) KvmCp15.read(fd, CortexA15.MAIR1),
                (int) KvmCp15.read(fd, CortexA15.CONTEXTIDR), false);
        // a fresh Mmu each time: nothing cached survives the guest's own TLB maintenance, and this path is rare
        Mmu mmu = new Mmu(bus, new CodePages(), vcpu);
        mmu.setRegime(regime);
        mmu.setPrivileged(CpuMode.fromBits(cpsr) != CpuMode.USR);
        BasicSystemControl sys = new BasicSystemControl();
        sys.sctlr = sctlr;
        sys.vbar = (int) KvmCp15.read(fd, CortexA15.VBAR);
        sys.scr = SystemControl.SCR_NS; // a KVM guest runs Non-secure
        ArmCpu cpu = new ArmCpu(new DeviceWordAccess(mmu), sys);
        int pc = cpu.writeRegisters(before);
        String where = String.format("guest access at IPA 0x%x, pc 0x%08x", faultIpa, pc);
        Insn insn;
        try {
            int flags = cpu.memFlags;
            if (cpu.thumb) {
                int hw1 = mmu.fetch16(pc, flags);
                int hw2 = T32Decoder.is32(hw1) ? mmu.fetch16(pc + 2, flags) : 0;
                insn = decoders.t32().decode(hw1, hw2, pc, cpu.itState);
            } else {
                insn = decoders.a32().decode(mmu.fetch32(pc, flags), pc);
            }
        } catch (MemoryAbort | BusErrorException e) {
            return where + ": the instruction cannot be fetched (" + e + ")";
        }
        // LoadWord/StoreWord are the interpreter's fast forms of LDR/STR with an immediate offset.
        if (!(insn instanceof LoadStore || insn instanceof LoadStore.LoadWord || insn instanceof LoadStore.StoreWord
                || insn instanceof LoadStoreMultiple))
            return where + ": " + insn + " is not a load or store the VMM can emulate";
        int it = cpu.itState;
        cpu.itState = cpu.thumb ? SystemInsn.itAdvance(it) : 0;
        cpu.pcWritten = false;
        boolean aborted = false;
        try {
            insn.execute(cpu);
        } catch (MemoryAbort a) {
            // the bus refused the access (the hardware's own walk succeeded, or KVM would not have exited)
            sys.dataAbort(a.fsr, a.address);
            aborted = true;
        } catch (BusErrorException e) {
            sys.dataAbort(FSR_SYNC_EXTERNAL, (int) e.address());
            aborted = true;
        }
        if (aborted) {
            // the registers as the instruction found them, then the exception entry (ARM ARM B1.9.8)
            cpu.writeRegisters(before);
            cpu.takeExceptionAt(ExceptionKind.DATA_ABORT, pc, it);
            KvmCp15.write(fd, CortexA15.DFSR, sys.dfsr & 0xffff_ffffL);
            KvmCp15.write(fd, CortexA15.DFAR, sys.dfar & 0xffff_ffffL);
            Aarch32CoreRegs.write(fd, cpu.readRegisters(cpu.nextPc), before);
            return null;
        }
        int next = cpu.pcWritten ? cpu.nextPc : insn.nextPc();
        Aarch32CoreRegs.write(fd, cpu.readRegisters(next), before);
        return null;
    }

    /** Short-descriptor FSR of a synchronous external abort (ARM ARM B4.1.52), as the TCG interpreter reports it. */
    private static final int FSR_SYNC_EXTERNAL = 0x8;
}
