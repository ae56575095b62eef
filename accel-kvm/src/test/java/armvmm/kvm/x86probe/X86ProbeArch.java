package armvmm.kvm.x86probe;

import static armvmm.kvm.sys.KvmAbi.X86Regs;
import static armvmm.kvm.sys.KvmAbi.X86Sregs;

import armvmm.bus.BusErrorException;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.irq.IrqLine;
import armvmm.kvm.ExitAction;
import armvmm.kvm.KvmArch;
import armvmm.kvm.KvmVcpu;
import armvmm.kvm.sys.ArgBuffer;
import armvmm.kvm.sys.KvmAbi;
import armvmm.kvm.sys.KvmRun;
import armvmm.machine.Machine;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The x86 half that proves the architecture-neutral core on an x86_64 host (a test fixture): a vCPU in real
 * mode with flat segments (base 0), starting at {@code entry}. HLT is a guest wait that never ends (the probe
 * has no interrupts and IF is clear, so a real CPU would not leave it either); once every vCPU has halted
 * the machine powers off; a triple fault (KVM_EXIT_SHUTDOWN) is a guest failure; an MMIO read the bus
 * refuses reads 0. Not an ARM guest, so it has no ARM registers or interrupt inputs.
 */
public final class X86ProbeArch implements KvmArch {
    private final Machine machine;
    private final long entry;
    private final AtomicLong refusedAccesses = new AtomicLong();
    private final AtomicInteger halted = new AtomicInteger();

    public X86ProbeArch(Machine machine, long entry) {
        if (entry < 0 || entry > 0xffff) throw new IllegalArgumentException("real-mode entry 0x" + Long.toHexString(entry) + " beyond 64 KiB");
        this.machine = machine;
        this.entry = entry;
    }

    @Override
    public String name() { return "x86 probe (real mode)"; }

    @Override
    public void initVcpu(KvmVcpu vcpu) {
        ArgBuffer s = new ArgBuffer(KvmAbi.SIZEOF_KVM_SREGS_X86);
        vcpu.fd().getSregs(s);
        // the reset state has CS base 0xffff0000; make every segment flat at 0
        for (int seg : new int[] {X86Sregs.CS, X86Sregs.DS, X86Sregs.ES, X86Sregs.FS, X86Sregs.GS, X86Sregs.SS}) {
            s.putLong(seg + X86Sregs.SEG_BASE, 0);
            s.putShort(seg + X86Sregs.SEG_SELECTOR, 0);
        }
        vcpu.fd().setSregs(s);
        setRegisters(vcpu, entry, 0, 0);
    }

    /** Sets RIP, RAX and RCX (the others zero, RFLAGS its reserved bit 1): a fresh start for a paused vCPU. */
    public void setRegisters(KvmVcpu vcpu, long rip, long rax, long rcx) {
        ArgBuffer r = new ArgBuffer(KvmAbi.SIZEOF_KVM_REGS_X86);
        r.putLong(X86Regs.RIP, rip).putLong(X86Regs.RAX, rax).putLong(X86Regs.RCX, rcx).putLong(X86Regs.RFLAGS, 2);
        vcpu.fd().setRegs(r);
    }

    /** KVM_GET_REGS: the general registers at the offsets of {@link KvmAbi.X86Regs}. */
    public ArgBuffer registers(KvmVcpu vcpu) {
        ArgBuffer r = new ArgBuffer(KvmAbi.SIZEOF_KVM_REGS_X86);
        vcpu.fd().getRegs(r);
        return r;
    }

    /** MMIO accesses the bus refused so far. */
    public long refusedAccesses() { return refusedAccesses.get(); }

    @Override
    public ExitAction handleExit(KvmVcpu vcpu, int exitReason, KvmRun run) {
        return switch (exitReason) {
            case KvmAbi.KVM_EXIT_HLT -> {
                if (halted.incrementAndGet() == machine.config().cpus()) machine.requestPowerOff("every vCPU halted (hlt)");
                yield ExitAction.WAIT;
            }
            case KvmAbi.KVM_EXIT_SHUTDOWN -> {
                machine.reportGuestFailure("vCPU " + vcpu.index() + ": triple fault (KVM_EXIT_SHUTDOWN)");
                yield ExitAction.PARK;
            }
            default -> vcpu.exits().fail("unhandled exit reason " + exitReason + " [" + run.rawExit(4) + "]");
        };
    }

    /** Only an interrupt, an NMI or a reset ends HLT, and the probe has none of them. */
    @Override
    public boolean waitOver(KvmVcpu vcpu) { return false; }

    /** RBX of a paused vCPU (KVM_GET_REGS, then KVM_SET_REGS with the rest unchanged). */
    public void setRbx(KvmVcpu vcpu, long rbx) {
        ArgBuffer r = registers(vcpu);
        r.putLong(X86Regs.RBX, rbx);
        vcpu.fd().setRegs(r);
    }

    @Override
    public long mmioBusError(KvmVcpu vcpu, BusErrorException error, boolean write) {
        refusedAccesses.incrementAndGet();
        return 0;
    }

    @Override
    public String dumpState(KvmVcpu vcpu) {
        ArgBuffer r = registers(vcpu);
        return String.format("rip=%04x rax=%08x rbx=%08x rcx=%08x rdx=%08x rsi=%08x rdi=%08x rsp=%08x rflags=%08x",
                r.getLong(X86Regs.RIP), r.getLong(X86Regs.RAX), r.getLong(X86Regs.RBX), r.getLong(X86Regs.RCX),
                r.getLong(X86Regs.RDX), r.getLong(X86Regs.RSI), r.getLong(X86Regs.RDI), r.getLong(X86Regs.RSP),
                r.getLong(X86Regs.RFLAGS));
    }

    /**
     * RIP at the exit (with flat segments, the linear address): x86 KVM exits after retiring an MMIO store,
     * so RIP is then the next instruction, and before retiring an MMIO load, so RIP is the load itself.
     */
    @Override
    public long currentPc(KvmVcpu vcpu) { return registers(vcpu).getLong(X86Regs.RIP); }

    @Override
    public ArmCoreRegisters readRegisters(KvmVcpu vcpu) {
        throw new UnsupportedOperationException("the x86 probe has no ARM registers");
    }

    @Override
    public void writeRegisters(KvmVcpu vcpu, ArmCoreRegisters regs) {
        throw new UnsupportedOperationException("the x86 probe has no ARM registers");
    }

    @Override
    public IrqLine cpuInterruptInput(KvmVcpu vcpu, boolean fiq) {
        return level -> { throw new UnsupportedOperationException("the x86 probe has no ARM interrupt inputs"); };
    }
}
