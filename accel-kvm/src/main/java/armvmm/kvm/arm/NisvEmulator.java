package armvmm.kvm.arm;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.cp15.CortexA15;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.cpu.CpuMode;
import armvmm.kvm.KvmVcpu;
import armvmm.kvm.sys.VcpuFd;
import armvmm.tcg.cpu.ArmCpu;
import armvmm.tcg.cpu.BasicSystemControl;
import armvmm.tcg.cpu.SystemControl;
import armvmm.tcg.decode.Coprocessors;
import armvmm.tcg.decode.Decoders;
import armvmm.tcg.decode.Insn;
import armvmm.tcg.decode.T32Decoder;
import armvmm.tcg.insn.LoadStore;
import armvmm.tcg.insn.LoadStoreMultiple;
import armvmm.tcg.insn.SystemInsn;
import armvmm.tcg.mem.CodePages;
import armvmm.tcg.mem.MemoryAbort;
import armvmm.tcg.mem.Mmu;
import armvmm.tcg.mem.TranslationRegime;

/**
 * KVM_EXIT_ARM_NISV: a guest load or store to an address outside the memory slots whose syndrome KVM cannot
 * use (write-back addressing, LDM/STM, LDRD/STRD), so KVM hands the whole instruction to the VMM. It is
 * emulated the way TCG would run it: the vCPU's core registers and its stage 1 translation regime are read
 * through KVM_GET_ONE_REG, the instruction at the PC is fetched through a TCG {@link Mmu} over the machine's
 * bus, decoded by the TCG decoder and executed on a scratch {@link ArmCpu} whose memory is that Mmu (so the
 * access reaches the device model, and traces, exactly as under TCG), and the registers it changed, PC
 * included, are written back.
 */
final class NisvEmulator {
    private final AddressSpace bus;
    private final Decoders decoders = Decoders.of(Decoders.loadExtensions(), Coprocessors.NONE);

    NisvEmulator(AddressSpace bus) { this.bus = bus; }

    /** What went wrong, for the exit handler's error; null when the instruction was emulated. */
    String emulate(KvmVcpu vcpu, long faultIpa) {
        VcpuFd fd = vcpu.fd();
        ArmCoreRegisters before = Aarch32CoreRegs.read(fd);
        int pc = before.get(CoreReg.PC);
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
        sys.scr = SystemControl.SCR_NS; // a KVM guest runs Non-secure
        ArmCpu cpu = new ArmCpu(new DeviceWordAccess(mmu), sys);
        pc = cpu.writeRegisters(before);
        String where = String.format("KVM_EXIT_ARM_NISV (fault IPA 0x%x) at pc 0x%08x", faultIpa, pc);
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
        if (!(insn instanceof LoadStore || insn instanceof LoadStoreMultiple))
            return where + ": " + insn + " is not a load or store the VMM can emulate";
        int it = cpu.itState;
        cpu.itState = cpu.thumb ? SystemInsn.itAdvance(it) : 0;
        cpu.pcWritten = false;
        try {
            insn.execute(cpu);
        } catch (MemoryAbort a) {
            return where + String.format(": %s aborted (FSR 0x%x at 0x%08x)", insn, a.fsr, a.address);
        } catch (BusErrorException e) {
            return where + ": " + insn + ": " + e.getMessage();
        }
        int next = cpu.pcWritten ? cpu.nextPc : insn.nextPc();
        Aarch32CoreRegs.write(fd, cpu.readRegisters(next), before);
        return null;
    }

}
