package armvmm.kvm.nested;

import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpReg;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.kvm.KvmAcceleratorInstance;
import armvmm.kvm.KvmVcpu;
import armvmm.kvm.arm.KvmArmArch;
import armvmm.machine.Machine;
import armvmm.machine.MachineConfig;
import armvmm.machine.PowerEvent;
import armvmm.memory.RamBlock;
import armvmm.time.VirtualClock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Run inside the nested arm64 host by {@link NestedKvmHostTest}: the ARM half's register paths on a real
 * vCPU, one result a line. Core registers: every banked register set through KVM_SET_ONE_REG with its own
 * value, then a few guest instructions copy SP and LR of SVC, IRQ and FIQ mode (and r8_fiq) into r1-r6, and
 * the values read back must be the ones set for exactly those banked registers. cp15: a dump through the
 * registry's AArch64 aliases, then three registers changed by a restore and read back.
 */
public final class KvmArmProbe {
    private static final long RAM = 0x8000_0000L;
    /** mov r4,sp; cps #0x12; mov r1,sp; mov r2,lr; mov sp,#0xaa000000; mov lr,#0xbb000000; cps #0x11; mov r3,r8;
     *  mov r5,sp; mov r6,lr; mov r8,#0xcc000000; cps #0x13; movw r0,#8; movt r0,#0x8400; hvc #0 (PSCI SYSTEM_OFF); b . */
    private static final int[] CODE = {
        0xe1a0400d, 0xf1020012, 0xe1a0100d, 0xe1a0200e, 0xe3a0d4aa, 0xe3a0e4bb, 0xf1020011, 0xe1a03008, 0xe1a0500d, 0xe1a0600e,
        0xe3a084cc, 0xf1020013, 0xe3000008, 0xe3480400, 0xe1400070, 0xeafffffe,
    };

    /** The counters and the timer values counting down with them move between a dump and the next. */
    private static final java.util.Set<CpReg> RUNNING = java.util.Set.of(armvmm.cpu.timer.GenericTimerRegisters.CNTVCT,
            armvmm.cpu.timer.GenericTimerRegisters.CNTPCT, armvmm.cpu.timer.GenericTimerRegisters.CNTV_TVAL,
            armvmm.cpu.timer.GenericTimerRegisters.CNTP_TVAL);

    public static void main(String[] args) throws Exception {
        Machine machine = new Machine(MachineConfig.minimal("probe", 1, 1 << 20), new VirtualClock());
        RamBlock ram = new RamBlock("probe.ram", 1 << 20);
        machine.bus().mapRam("probe.ram", RAM, ram);
        for (int i = 0; i < CODE.length; i++) ram.write32(4L * i, CODE[i]);
        KvmArmArch arch = new KvmArmArch(machine);
        try (KvmAcceleratorInstance inst = KvmAcceleratorInstance.create(machine, arch)) {
            machine.attach(inst);
            KvmVcpu cpu = inst.vcpus().get(0);

            int[] v = new int[CoreReg.values().length];
            for (CoreReg r : CoreReg.values()) v[r.ordinal()] = 0x1000_0000 + 0x100 * r.ordinal();
            v[CoreReg.PC.ordinal()] = (int) RAM;
            v[CoreReg.CPSR.ordinal()] = 0x1d3; // SVC, A I F masked
            for (CoreReg r : new CoreReg[] {CoreReg.SP_MON, CoreReg.LR_MON, CoreReg.ELR_HYP, CoreReg.SPSR_MON, CoreReg.SPSR_HYP}) v[r.ordinal()] = 0;
            ArmCoreRegisters set = new ArmCoreRegisters(v);
            cpu.writeRegisters(set);
            System.out.println("CORE-ROUNDTRIP " + (cpu.readRegisters().equals(set) ? "ok" : "differs: " + cpu.readRegisters()));

            Map<CpReg, Long> dump = arch.dumpCp15(cpu);
            System.out.printf("CP15-DUMP %d registers, SCTLR=0x%08x MIDR=0x%08x%n", dump.size(), dump.get(CortexA15.SCTLR), dump.get(CortexA15.MIDR));
            Map<CpReg, Long> changed = new LinkedHashMap<>(dump);
            changed.put(CortexA15.TPIDRURW, 0x1234_5678L);
            changed.put(CortexA15.DFAR, 0xdead_b000L);
            changed.put(CortexA15.IFAR, 0xcafe_f000L); // the other half of FAR_EL1
            arch.restoreCp15(cpu, changed);
            Map<CpReg, Long> after = arch.dumpCp15(cpu);
            StringBuilder diff = new StringBuilder();
            for (Map.Entry<CpReg, Long> x : changed.entrySet())
                if (!RUNNING.contains(x.getKey()) && !x.getValue().equals(after.get(x.getKey())))
                    diff.append(String.format(" %s=0x%x (want 0x%x)", x.getKey().name(), after.get(x.getKey()), x.getValue()));
            System.out.println("CP15-RESTORE " + (diff.length() == 0 ? "ok" : "differs:" + diff));

            PowerEvent e = machine.run(30_000);
            System.out.println("RUN " + e.kind());
            ArmCoreRegisters r = cpu.readRegisters();
            Object[][] expect = {{1, CoreReg.SP_IRQ}, {2, CoreReg.LR_IRQ}, {3, CoreReg.R8_FIQ}, {4, CoreReg.SP_SVC}, {5, CoreReg.SP_FIQ}, {6, CoreReg.LR_FIQ}};
            StringBuilder banked = new StringBuilder();
            for (Object[] x : expect) {
                CoreReg want = (CoreReg) x[1];
                int got = r.get(CoreReg.values()[CoreReg.R0.ordinal() + (int) x[0]]);
                if (got != set.get(want)) banked.append(String.format(" r%d=0x%08x (want %s=0x%08x)", x[0], got, want, set.get(want)));
            }
            System.out.println("BANKED " + (banked.length() == 0 ? "ok" : "differs:" + banked));
            // The other direction: what the guest wrote into IRQ and FIQ mode's registers, read through KVM_GET_ONE_REG.
            boolean written = r.get(CoreReg.SP_IRQ) == 0xaa00_0000 && r.get(CoreReg.LR_IRQ) == 0xbb00_0000 && r.get(CoreReg.R8_FIQ) == 0xcc00_0000;
            System.out.printf("GUEST-WRITTEN %s SP_IRQ=0x%08x LR_IRQ=0x%08x R8_FIQ=0x%08x%n", written ? "ok" : "differs",
                    r.get(CoreReg.SP_IRQ), r.get(CoreReg.LR_IRQ), r.get(CoreReg.R8_FIQ));
        }
    }
}
