package armvmm.boards;

import static armvmm.boards.psci.Psci.*;
import static org.junit.jupiter.api.Assertions.*;

import armvmm.boards.psci.Psci;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.cpu.FirmwareCalls;
import armvmm.cpu.FirmwareCalls.Outcome;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.machine.PowerEvent;
import armvmm.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PSCI 1.0's functions and return codes, called as a CPU's HVC would call them, on a machine of three fake vCPUs. */
class PsciTest {
    static final int RAM = 0x4000_0000, RAM_SIZE = 64 << 20;

    final Machine machine = new Machine(MachineConfig.minimal("virt", 3, RAM_SIZE), new VirtualClock());
    final FakeAccelerator accel = new FakeAccelerator(3);
    final Psci psci;

    PsciTest() {
        machine.attach(accel);
        psci = new Psci(FirmwareCalls.Conduit.HVC, machine, machine::vcpus, RAM, RAM_SIZE);
    }

    @AfterEach
    void shutdown() { machine.shutdown(); }

    /** The call's r0 on return (asserting it returned). */
    int call(int cpu, int... r0to3) {
        int[] regs = java.util.Arrays.copyOf(r0to3, 4);
        assertEquals(Outcome.RETURN, psci.call(cpu, regs));
        return regs[0];
    }

    @Test
    void versionIsOnePointZeroAndEveryMandatoryFunctionIsAFeature() {
        assertEquals(0x10000, call(0, FN_PSCI_VERSION));
        for (int fn : new int[] {FN_PSCI_VERSION, FN_CPU_SUSPEND, FN_CPU_OFF, FN_CPU_ON, FN_AFFINITY_INFO, FN_MIGRATE_INFO_TYPE,
                FN_SYSTEM_OFF, FN_SYSTEM_RESET, FN_PSCI_FEATURES})
            assertEquals(SUCCESS, call(0, FN_PSCI_FEATURES, fn), Integer.toHexString(fn));
        assertEquals(NOT_SUPPORTED, call(0, FN_PSCI_FEATURES, FN_MIGRATE));
        assertEquals(NOT_SUPPORTED, call(0, FN_PSCI_FEATURES, 0x8000_0000), "SMCCC_VERSION: SMCCC 1.0");
        assertEquals(NOT_SUPPORTED, call(0, 0xc400_0003), "CPU_ON's SMC64 form from an AArch32 caller");
        assertEquals(NOT_SUPPORTED, call(0, 0x1234_5678), "an unknown function ID");
        assertEquals(MIGRATE_INFO_NO_TRUSTED_OS, call(0, FN_MIGRATE_INFO_TYPE));
        assertEquals(NOT_SUPPORTED, call(0, FN_MIGRATE, 1));
    }

    @Test
    void cpuOnStartsAnOffCpuAtItsEntryWithTheContextIdInR0() {
        assertEquals(PowerState.OFF.affinityInfo, call(0, FN_AFFINITY_INFO, 1, 0));
        assertEquals(SUCCESS, call(0, FN_CPU_ON, 1, RAM + 0x8000, 0xc0ffee));
        ArmCoreRegisters r = accel.vcpus().get(1).readRegisters();
        assertEquals(RAM + 0x8000, r.get(CoreReg.PC));
        assertEquals(0xc0ffee, r.get(CoreReg.R0));
        assertEquals(0x1d3, r.get(CoreReg.CPSR), "SVC, A I F masked, ARM");
        assertEquals(PowerState.ON.affinityInfo, call(0, FN_AFFINITY_INFO, 1, 0));

        assertEquals(SUCCESS, call(0, FN_CPU_ON, 2, RAM + 0x101, 0));
        ArmCoreRegisters thumb = accel.vcpus().get(2).readRegisters();
        assertEquals(RAM + 0x100, thumb.get(CoreReg.PC));
        assertEquals(0x1f3, thumb.get(CoreReg.CPSR), "a Thumb entry point sets T");
    }

    @Test
    void architectedErrors() {
        assertEquals(ALREADY_ON, call(1, FN_CPU_ON, 0, RAM, 0), "CPU 0 is on from power-on");
        assertEquals(INVALID_PARAMETERS, call(0, FN_CPU_ON, 3, RAM, 0), "no CPU 3");
        assertEquals(INVALID_PARAMETERS, call(0, FN_CPU_ON, 0x100, RAM, 0), "no cluster 1");
        assertEquals(INVALID_ADDRESS, call(0, FN_CPU_ON, 1, 0x1000, 0), "an entry point outside RAM");
        assertEquals(INVALID_ADDRESS, call(0, FN_CPU_ON, 1, RAM + RAM_SIZE, 0));
        assertEquals(SUCCESS, call(0, FN_CPU_ON, 1, RAM, 0));
        assertEquals(ALREADY_ON, call(0, FN_CPU_ON, 1, RAM, 0));
        assertEquals(INVALID_PARAMETERS, call(0, FN_AFFINITY_INFO, 7, 0));
        assertEquals(INVALID_PARAMETERS, call(0, FN_AFFINITY_INFO, 0, 2), "no affinity level 2 here");
        assertEquals(INVALID_PARAMETERS, call(0, FN_CPU_SUSPEND, 1 << 31, RAM, 0), "reserved power_state bits");
    }

    /** While one CPU's CPU_ON is writing the target's registers, another's sees ON_PENDING, and AFFINITY_INFO says so. */
    @Test
    void aSecondCpuOnWhileTheFirstIsPendingIsOnPending() {
        FakeAccelerator.FakeVcpu target = accel.vcpus().get(2);
        int[] seen = new int[2];
        target.onPause = () -> {
            seen[0] = call(1, FN_CPU_ON, 2, RAM, 0);
            seen[1] = call(1, FN_AFFINITY_INFO, 2, 0);
        };
        assertEquals(SUCCESS, call(0, FN_CPU_ON, 2, RAM, 0));
        assertEquals(ON_PENDING, seen[0]);
        assertEquals(PowerState.ON_PENDING.affinityInfo, seen[1]);
        assertEquals(PowerState.ON.affinityInfo, call(0, FN_AFFINITY_INFO, 2, 0));
    }

    @Test
    void cpuOffPowersTheCallerDownAndItCanBeStartedAgain() {
        assertEquals(SUCCESS, call(0, FN_CPU_ON, 1, RAM, 0));
        assertEquals(Outcome.POWER_DOWN, psci.call(1, new int[] {FN_CPU_OFF, 0, 0, 0}));
        assertEquals(PowerState.OFF.affinityInfo, call(0, FN_AFFINITY_INFO, 1, 0));
        assertEquals(PowerState.ON.affinityInfo, call(0, FN_AFFINITY_INFO, 0, 1), "the cluster is on while CPU 0 is");
        assertEquals(SUCCESS, call(0, FN_CPU_ON, 1, RAM + 4, 0));
    }

    @Test
    void cpuSuspendIsAStandbyThatReturnsSuccess() {
        int[] regs = {FN_CPU_SUSPEND, 1 << 16, RAM, 0};
        assertEquals(Outcome.STANDBY, psci.call(0, regs));
        assertEquals(SUCCESS, regs[0]);
    }

    @Test
    void systemOffAndResetAreTheMachines() throws Exception {
        assertEquals(Outcome.POWER_DOWN, psci.call(0, new int[] {FN_SYSTEM_RESET, 0, 0, 0}));
        PowerEvent reset = machine.run(5_000);
        assertEquals(PowerEvent.Kind.RESET, reset.kind(), reset.detail());

        Machine other = new Machine(MachineConfig.minimal("virt", 1, RAM_SIZE), new VirtualClock());
        other.attach(new FakeAccelerator(1));
        Psci one = new Psci(FirmwareCalls.Conduit.SMC, other, other::vcpus, RAM, RAM_SIZE);
        assertEquals(Outcome.POWER_DOWN, one.call(0, new int[] {FN_SYSTEM_OFF, 0, 0, 0}));
        PowerEvent off = other.run(5_000);
        assertEquals(PowerEvent.Kind.POWER_OFF, off.kind());
        assertTrue(off.detail().contains("SYSTEM_OFF"), off.detail());
    }

    @Test
    void aMachineResetLeavesOnlyCpuZeroOn() {
        assertEquals(SUCCESS, call(0, FN_CPU_ON, 1, RAM, 0));
        machine.reset();
        assertEquals(PowerState.ON, psci.state(0));
        assertEquals(PowerState.OFF, psci.state(1));
    }
}
