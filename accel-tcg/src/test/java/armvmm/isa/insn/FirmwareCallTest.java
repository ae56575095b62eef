package armvmm.isa.insn;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.cpu.CpuMode;
import armvmm.cpu.FirmwareCalls;
import armvmm.isa.cpu.ArmCpu;
import armvmm.isa.cpu.BasicSystemControl;
import armvmm.isa.cpu.Undefined;
import armvmm.isa.decode.Coprocessors;
import armvmm.isa.decode.Decoders;
import armvmm.isa.decode.Insn;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HVC and SMC reaching the board's firmware (the virt board's PSCI) while EL2 and EL3 are not modelled:
 * decoded in both instruction sets, UNDEFINED (HVC) or a Monitor exception (SMC) without firmware, the
 * call's registers in and out, and its outcome as the CPU's halt state.
 */
class FirmwareCallTest {
    final ArmCpu cpu = new ArmCpu(null, new BasicSystemControl());
    final Decoders decoders = Decoders.of(List.of(), Coprocessors.NONE);
    final List<int[]> calls = new ArrayList<>();
    FirmwareCalls.Outcome outcome = FirmwareCalls.Outcome.RETURN;

    FirmwareCalls firmware(FirmwareCalls.Conduit conduit) {
        return new FirmwareCalls() {
            @Override
            public Conduit conduit() { return conduit; }

            @Override
            public Outcome call(int cpuIndex, int[] regs) {
                calls.add(regs.clone());
                regs[0] = 0x1_0000;
                regs[3] = cpuIndex;
                return outcome;
            }
        };
    }

    Insn hvcA32() { return decoders.a32().decode(0xe1400070 | 0x12 << 8 | 0x3, 0x1000); } // hvc #0x123
    Insn hvcT32() { return decoders.t32().decode(0xf7e4, 0x8123, 0x1000, 0); }          // hvc #0x4123
    Insn smcA32() { return decoders.a32().decode(0xe1600070, 0x1000); }

    @Test
    void hvcDecodesInBothInstructionSets() {
        assertEquals(0x123, assertInstanceOf(SystemInsn.Hvc.class, hvcA32()).imm);
        assertEquals(0x4123, assertInstanceOf(SystemInsn.Hvc.class, hvcT32()).imm);
        assertTrue(hvcA32().endsBlock());
    }

    @Test
    void withoutFirmwareHvcIsUndefined() {
        assertThrows(Undefined.class, () -> hvcA32().execute(cpu));
        cpu.firmware = firmware(FirmwareCalls.Conduit.SMC);
        assertThrows(Undefined.class, () -> hvcA32().execute(cpu), "the firmware takes SMC, not HVC");
        assertTrue(calls.isEmpty());
    }

    @Test
    void theFirmwareGetsR0ToR3AndItsResultsReplaceThem() {
        cpu.firmware = firmware(FirmwareCalls.Conduit.HVC);
        cpu.index = 1;
        for (int i = 0; i < 5; i++) cpu.r[i] = 0x8400_0000 + i;
        hvcA32().execute(cpu);
        assertArrayEquals(new int[] {0x8400_0000, 0x8400_0001, 0x8400_0002, 0x8400_0003}, calls.get(0));
        assertEquals(0x1_0000, cpu.r[0]);
        assertEquals(1, cpu.r[3], "the calling CPU's index");
        assertEquals(0x8400_0004, cpu.r[4], "r4 is not the firmware's");
        assertEquals(CpuMode.SVC, cpu.mode(), "no exception taken");
        assertEquals(ArmCpu.Halt.NONE, cpu.halt);
    }

    @Test
    void outcomesBecomeTheCpusHaltState() {
        cpu.firmware = firmware(FirmwareCalls.Conduit.HVC);
        outcome = FirmwareCalls.Outcome.POWER_DOWN;
        hvcA32().execute(cpu);
        assertEquals(ArmCpu.Halt.OFF, cpu.halt);
        cpu.halt = ArmCpu.Halt.NONE;
        outcome = FirmwareCalls.Outcome.STANDBY;
        hvcT32().execute(cpu);
        assertEquals(ArmCpu.Halt.WFI, cpu.halt);
    }

    @Test
    void fromUserModeHvcStaysUndefined() {
        cpu.firmware = firmware(FirmwareCalls.Conduit.HVC);
        cpu.setMode(CpuMode.USR);
        assertThrows(Undefined.class, () -> hvcA32().execute(cpu));
        assertTrue(calls.isEmpty());
    }

    @Test
    void smcGoesToTheFirmwareOnlyWhenItTakesSmc() {
        smcA32().execute(cpu);
        assertEquals(CpuMode.MON, cpu.mode(), "no firmware: the Secure Monitor Call exception");
        ArmCpu other = new ArmCpu(null, new BasicSystemControl());
        other.firmware = firmware(FirmwareCalls.Conduit.SMC);
        smcA32().execute(other);
        assertEquals(CpuMode.SVC, other.mode());
        assertEquals(1, calls.size());
    }
}
