package armvmm.boards.psci;

import armvmm.accel.Vcpu;
import armvmm.accel.VmContext;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.cpu.FirmwareCalls;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PSCI 1.0 (ARM DEN 0022D, "Arm Power State Coordination Interface") as the firmware of a board whose
 * CPUs have no EL2/EL3 to run one: the 32-bit functions through HVC or SMC ({@link FirmwareCalls}), for
 * one cluster whose CPU n has MPIDR.Aff0 n.
 *
 * <p>Each CPU's power state (ON, OFF, ON_PENDING, as AFFINITY_INFO reports it) is kept here. A CPU that
 * is OFF is a parked vCPU thread ({@link FirmwareCalls.Outcome#POWER_DOWN}); CPU_ON reaches it only
 * through the vCPU lifecycle: pause it at its safe point, write its entry registers, resume it. Power
 * off and reset of the whole system are requests to the machine ({@link VmContext}).
 *
 * <p>At power-on CPU 0 is ON and every other CPU OFF: the board starts the others in a stub that calls
 * CPU_OFF ({@link #FN_CPU_OFF}), which parks them until CPU_ON.
 */
public final class Psci implements FirmwareCalls {
    private static final Logger log = LoggerFactory.getLogger(Psci.class);

    /** Function IDs, SMC32 (DEN 0022D, 5.1 "Function prototypes"). */
    public static final int FN_PSCI_VERSION = 0x8400_0000, FN_CPU_SUSPEND = 0x8400_0001, FN_CPU_OFF = 0x8400_0002,
            FN_CPU_ON = 0x8400_0003, FN_AFFINITY_INFO = 0x8400_0004, FN_MIGRATE = 0x8400_0005, FN_MIGRATE_INFO_TYPE = 0x8400_0006,
            FN_MIGRATE_INFO_UP_CPU = 0x8400_0007, FN_SYSTEM_OFF = 0x8400_0008, FN_SYSTEM_RESET = 0x8400_0009,
            FN_PSCI_FEATURES = 0x8400_000A;

    /** Return codes (DEN 0022D, 5.2.2 "Return error codes"). */
    public static final int SUCCESS = 0, NOT_SUPPORTED = -1, INVALID_PARAMETERS = -2, DENIED = -3, ALREADY_ON = -4,
            ON_PENDING = -5, INTERNAL_FAILURE = -6, NOT_PRESENT = -7, DISABLED = -8, INVALID_ADDRESS = -9;

    /** PSCI_VERSION: major 1, minor 0. */
    public static final int VERSION_1_0 = 0x0001_0000;

    /** MIGRATE_INFO_TYPE 2: no Trusted OS is present, or it needs no migration. */
    public static final int MIGRATE_INFO_NO_TRUSTED_OS = 2;

    /** AFFINITY_INFO's answers (DEN 0022D, 5.7). */
    public enum PowerState {
        ON(0), OFF(1), ON_PENDING(2);

        public final int affinityInfo;

        PowerState(int affinityInfo) { this.affinityInfo = affinityInfo; }
    }

    /**
     * CPSR a CPU enters at its CPU_ON entry point: Supervisor mode (the callers here run at PL1, and PSCI
     * enters at the caller's exception level), A, I, F masked; T set for a Thumb entry point (bit 0 of the
     * address), as DEN 0022D 6.4.3 "CPU_ON" describes the AArch32 entry state.
     */
    static final int ENTRY_CPSR = 0x1d3, CPSR_T = 1 << 5;

    /** CPU_SUSPEND's power_state, original format (DEN 0022D 5.4.2): bits that must be zero. */
    static final int POWER_STATE_RESERVED = 0xfc00_0000 | 0x00fe_0000;

    private final Conduit conduit;
    private final VmContext machine;
    private final Supplier<List<? extends Vcpu>> vcpus;
    private final long ramBase, ramEnd;
    // guarded by this
    private final PowerState[] states;

    /**
     * @param vcpus the machine's vCPUs, asked for at the first call that needs them (they are created
     *              after the firmware, with it)
     * @param ramBase where RAM starts; an entry point outside [ramBase, ramBase + ramSize) is INVALID_ADDRESS
     */
    public Psci(Conduit conduit, VmContext machine, Supplier<List<? extends Vcpu>> vcpus, long ramBase, long ramSize) {
        this.conduit = conduit;
        this.machine = machine;
        this.vcpus = vcpus;
        this.ramBase = ramBase;
        this.ramEnd = ramBase + ramSize;
        this.states = new PowerState[machine.cpuCount()];
        powerOnReset();
        machine.onReset(this::powerOnReset);
    }

    /** CPU 0 on, the others off, as after the machine's power-on or a SYSTEM_RESET. */
    private synchronized void powerOnReset() {
        Arrays.fill(states, PowerState.OFF);
        states[0] = PowerState.ON;
    }

    @Override
    public Conduit conduit() { return conduit; }

    /** What AFFINITY_INFO says of CPU {@code cpu} now. */
    public synchronized PowerState state(int cpu) { return states[cpu]; }

    @Override
    public Outcome call(int cpu, int[] regs) {
        int fn = regs[0];
        switch (fn) {
            case FN_PSCI_VERSION -> regs[0] = VERSION_1_0;
            case FN_CPU_SUSPEND -> {
                return cpuSuspend(regs);
            }
            case FN_CPU_OFF -> {
                return cpuOff(cpu);
            }
            case FN_CPU_ON -> regs[0] = cpuOn(cpu, regs[1], regs[2], regs[3]);
            case FN_AFFINITY_INFO -> regs[0] = affinityInfo(regs[1], regs[2]);
            case FN_MIGRATE_INFO_TYPE -> regs[0] = MIGRATE_INFO_NO_TRUSTED_OS;
            case FN_SYSTEM_OFF -> {
                machine.requestPowerOff("cpu" + cpu + ": PSCI SYSTEM_OFF");
                return Outcome.POWER_DOWN;
            }
            case FN_SYSTEM_RESET -> {
                machine.requestReset("cpu" + cpu + ": PSCI SYSTEM_RESET");
                return Outcome.POWER_DOWN;
            }
            case FN_PSCI_FEATURES -> regs[0] = features(regs[1]);
            default -> {
                // MIGRATE and MIGRATE_INFO_UP_CPU need a Trusted OS, the SMC64 forms an AArch64 caller, the
                // rest are optional: all NOT_SUPPORTED, which is also SMCCC's answer to an unknown function ID.
                regs[0] = NOT_SUPPORTED;
                if (!implemented(fn)) log.debug("cpu{}: PSCI/SMCCC function 0x{} not supported", cpu, Integer.toHexString(fn));
            }
        }
        return Outcome.RETURN;
    }

    private static boolean implemented(int fn) {
        return switch (fn) {
            case FN_PSCI_VERSION, FN_CPU_SUSPEND, FN_CPU_OFF, FN_CPU_ON, FN_AFFINITY_INFO, FN_MIGRATE_INFO_TYPE, FN_SYSTEM_OFF,
                    FN_SYSTEM_RESET, FN_PSCI_FEATURES -> true;
            default -> false;
        };
    }

    /** PSCI_FEATURES: 0 for an implemented function (for CPU_SUSPEND: bit 1 clear, the original power_state format). */
    private static int features(int fn) { return implemented(fn) ? 0 : NOT_SUPPORTED; }

    /**
     * Every power state is taken as a standby (DEN 0022D 5.4.2 lets a call enter a shallower state than
     * asked): the CPU waits as in WFI and the call returns SUCCESS when it wakes, with its context intact,
     * so the entry point is not used.
     */
    private Outcome cpuSuspend(int[] regs) {
        if ((regs[1] & POWER_STATE_RESERVED) != 0) {
            regs[0] = INVALID_PARAMETERS;
            return Outcome.RETURN;
        }
        regs[0] = SUCCESS;
        return Outcome.STANDBY;
    }

    /**
     * The CPU goes OFF and never returns; only an ON CPU changes state. The others are the board's boot stub
     * (already OFF) or a CPU being started meanwhile (ON_PENDING), whose CPU_ON writes its registers after
     * this power-down: it must stay ON_PENDING.
     */
    private Outcome cpuOff(int cpu) {
        synchronized (this) {
            if (states[cpu] == PowerState.ON) states[cpu] = PowerState.OFF;
        }
        return Outcome.POWER_DOWN;
    }

    private int cpuOn(int caller, int targetMpidr, int entry, int contextId) {
        int target = cpuOf(targetMpidr);
        if (target < 0) return INVALID_PARAMETERS;
        long address = Integer.toUnsignedLong(entry) & ~1L;
        if (address < ramBase || address >= ramEnd) return INVALID_ADDRESS;
        synchronized (this) {
            switch (states[target]) {
                case ON -> { return ALREADY_ON; }
                case ON_PENDING -> { return ON_PENDING; }
                case OFF -> states[target] = PowerState.ON_PENDING;
            }
        }
        Vcpu v = vcpus.get().get(target);
        // OFF: parked, or still before its boot stub's CPU_OFF; at its safe point either way once paused.
        v.pause();
        ArmCoreRegisters regs = ArmCoreRegisters.zero()
                .with(CoreReg.R0, contextId)
                .with(CoreReg.PC, (int) address)
                .with(CoreReg.CPSR, ENTRY_CPSR | ((entry & 1) != 0 ? CPSR_T : 0));
        v.writeRegisters(regs);
        synchronized (this) {
            states[target] = PowerState.ON;
        }
        v.resume();
        log.debug("cpu{}: PSCI CPU_ON cpu{} at 0x{}", caller, target, Integer.toHexString(entry));
        return SUCCESS;
    }

    /** AFFINITY_INFO at level 0 (one CPU); a cluster's state (level 1) is ON while any of its CPUs is. */
    private int affinityInfo(int targetAffinity, int lowestLevel) {
        if (lowestLevel == 0) {
            int cpu = cpuOf(targetAffinity);
            if (cpu < 0) return INVALID_PARAMETERS;
            return state(cpu).affinityInfo;
        }
        if (lowestLevel == 1 && (targetAffinity & 0xffff_ff00) == 0) {
            synchronized (this) {
                for (PowerState s : states) if (s == PowerState.ON) return PowerState.ON.affinityInfo;
                for (PowerState s : states) if (s == PowerState.ON_PENDING) return PowerState.ON_PENDING.affinityInfo;
                return PowerState.OFF.affinityInfo;
            }
        }
        return INVALID_PARAMETERS;
    }

    /** The CPU whose MPIDR affinity fields are {@code mpidr} (Aff0 the CPU, Aff1-Aff2 zero, bits 31:24 zero), or -1. */
    private int cpuOf(int mpidr) {
        if ((mpidr & 0xffff_ff00) != 0) return -1;
        int cpu = mpidr & 0xff;
        return cpu < states.length ? cpu : -1;
    }
}
