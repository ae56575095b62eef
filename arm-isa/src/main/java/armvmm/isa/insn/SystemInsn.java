package armvmm.isa.insn;

import armvmm.cpu.FirmwareCalls;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.ExceptionKind;
import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Insn;

/**
 * Hints, barriers and the exception-generating instructions (ARM ARM A5.2.10, A8.8.24 BKPT, B9.3.10 SMC,
 * A8.8.228 SVC, WFI/WFE/SEV/YIELD).
 */
public final class SystemInsn {
    private SystemInsn() {}

    /** NOP, YIELD, DBG, PLD/PLDW/PLI, DMB, DSB: no architectural effect in a single-copy-atomic, in-order interpreter. */
    public static final class Nop extends Insn {
        final String name;

        public Nop(int pc, int size, boolean thumb, String name) {
            super(pc, size, thumb);
            this.name = name;
        }

        @Override
        public void execute(ArmCpu cpu) {}

        @Override
        public String toString() { return name + super.toString(); }
    }

    /** ISB: ends the block so that context changes (cp15 writes, code written) take effect for what follows. */
    public static final class Isb extends Insn {
        public Isb(int pc, int size, boolean thumb) { super(pc, size, thumb); }

        @Override
        public void execute(ArmCpu cpu) {}

        @Override
        public boolean endsBlock() { return true; }
    }

    /** WFI / WFE: the vCPU thread parks after the block until an interrupt (or event) wakes it. */
    public static final class Wait extends Insn {
        final boolean forEvent;

        public Wait(int pc, int size, boolean thumb, boolean forEvent) {
            super(pc, size, thumb);
            this.forEvent = forEvent;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (forEvent) {
                if (cpu.eventRegister) cpu.eventRegister = false;
                else cpu.halt = ArmCpu.Halt.WFE;
            } else {
                cpu.halt = ArmCpu.Halt.WFI;
            }
        }

        @Override
        public boolean endsBlock() { return true; }
    }

    public static final class Sev extends Insn {
        public Sev(int pc, int size, boolean thumb) { super(pc, size, thumb); }

        @Override
        public void execute(ArmCpu cpu) { cpu.sendEvent.run(); }
    }

    /** SVC #imm: Supervisor Call; LR is the next instruction, SPSR.IT advanced past the SVC. */
    public static final class Svc extends Insn {
        public final int imm;

        public Svc(int pc, int size, boolean thumb, int imm) {
            super(pc, size, thumb);
            this.imm = imm;
        }

        @Override
        public void execute(ArmCpu cpu) {
            cpu.itState = itAdvance(itState);
            cpu.takeException(ExceptionKind.SVC, nextPc());
        }

        @Override
        public boolean endsBlock() { return true; }
    }

    /**
     * SMC #imm: Secure Monitor Call from PL1 (UNDEFINED in User mode or when SCR.SCD disables it). When the
     * board's firmware takes SMC calls it answers them in place of a Secure monitor.
     */
    public static final class Smc extends Insn {
        public Smc(int pc, int size, boolean thumb) { super(pc, size, thumb); }

        @Override
        public void execute(ArmCpu cpu) {
            if (!cpu.privileged() || (cpu.sys.scr() & (1 << 7)) != 0 && !cpu.secure()) throw Undefined.INSTANCE;
            if (cpu.firmwareTakes(FirmwareCalls.Conduit.SMC)) {
                cpu.callFirmware();
                return;
            }
            cpu.itState = itAdvance(itState);
            cpu.takeException(ExceptionKind.SMC, nextPc());
        }

        @Override
        public boolean endsBlock() { return true; }
    }

    /**
     * HVC #imm: Hypervisor Call (ARM ARM B9.3.4). Hyp mode is not modelled, so HVC is UNDEFINED, as on a CPU
     * without the Virtualization Extensions, unless the board's firmware takes HVC calls (virt's PSCI): then
     * that firmware answers a call from PL1 (from User mode HVC stays UNDEFINED, as on hardware).
     */
    public static final class Hvc extends Insn {
        public final int imm;

        public Hvc(int pc, int size, boolean thumb, int imm) {
            super(pc, size, thumb);
            this.imm = imm;
        }

        @Override
        public void execute(ArmCpu cpu) {
            if (!cpu.privileged() || !cpu.firmwareTakes(FirmwareCalls.Conduit.HVC)) throw Undefined.INSTANCE;
            cpu.callFirmware();
        }

        /** The firmware may power the CPU down or make it wait: the interpreter looks at the CPU after it. */
        @Override
        public boolean endsBlock() { return true; }
    }

    /** BKPT #imm: a debug event taken as a Prefetch Abort (IFSR debug event, ARM ARM C4.4.1) with halting debug off. */
    public static final class Bkpt extends Insn {
        public final int imm;

        public Bkpt(int pc, int size, boolean thumb, int imm) {
            super(pc, size, thumb);
            this.imm = imm;
        }

        /** Short-descriptor IFSR FS = 0b00010, "Debug event". */
        static final int FSR_DEBUG = 0x2;

        @Override
        public void execute(ArmCpu cpu) {
            cpu.sys.prefetchAbort(FSR_DEBUG, pc);
            cpu.itState = itState;
            cpu.takeException(ExceptionKind.PREFETCH_ABORT, pc + 4);
        }

        @Override
        public boolean endsBlock() { return true; }
    }

    /** ITAdvance (ARM ARM A2.5.2): the IT state after one instruction of an IT block. */
    public static int itAdvance(int it) {
        if ((it & 7) == 0) return 0;
        return (it & 0xe0) | ((it << 1) & 0x1f);
    }
}
