package armvmm.kvm.arm;

import static armvmm.kvm.arm.KvmArmAbi.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.cpu.CoreReg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every constant of {@link KvmArmAbi} against the arm64 kernel headers: a C file of _Static_asserts generated
 * from the Java values must compile with the arm64 cross compiler (Debian gcc-aarch64-linux-gnu with
 * linux-libc-dev-arm64-cross). Skipped, saying so, where that compiler is not installed.
 */
class KvmArmAbiTest {
    private static final String CC = "aarch64-linux-gnu-gcc";

    @Test
    void constantsMatchTheArm64KernelHeaders(@TempDir Path dir) throws Exception {
        boolean cc = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, CC)));
        if (!cc) System.out.println("KvmArmAbiTest skipped: " + CC + " is not installed");
        assumeTrue(cc, CC + " is not installed (Debian gcc-aarch64-linux-gnu)");

        StringBuilder c = new StringBuilder("#include <stddef.h>\n#include <linux/kvm.h>\n");
        check(c, "KVM_ARM_VCPU_POWER_OFF", KVM_ARM_VCPU_POWER_OFF);
        check(c, "KVM_ARM_VCPU_EL1_32BIT", KVM_ARM_VCPU_EL1_32BIT);
        check(c, "KVM_ARM_VCPU_PSCI_0_2", KVM_ARM_VCPU_PSCI_0_2);
        check(c, "KVM_REG_ARM64", KVM_REG_ARM64);
        check(c, "KVM_REG_SIZE_U64", KVM_REG_SIZE_U64);
        check(c, "KVM_REG_ARM_COPROC_MASK", KVM_REG_ARM_COPROC_MASK);
        check(c, "KVM_REG_ARM_CORE", KVM_REG_ARM_CORE);
        check(c, "KVM_REG_ARM64_SYSREG", KVM_REG_ARM64_SYSREG);
        check(c, "offsetof(struct kvm_regs, regs.regs)", KVM_REGS_REGS);
        check(c, "offsetof(struct kvm_regs, regs.sp)", KVM_REGS_SP);
        check(c, "offsetof(struct kvm_regs, regs.pc)", KVM_REGS_PC);
        check(c, "offsetof(struct kvm_regs, regs.pstate)", KVM_REGS_PSTATE);
        check(c, "offsetof(struct kvm_regs, sp_el1)", KVM_REGS_SP_EL1);
        check(c, "offsetof(struct kvm_regs, elr_el1)", KVM_REGS_ELR_EL1);
        check(c, "offsetof(struct kvm_regs, spsr)", KVM_REGS_SPSR);
        check(c, "KVM_SPSR_EL1", KVM_SPSR_EL1);
        check(c, "KVM_SPSR_SVC", KVM_SPSR_SVC);
        check(c, "KVM_SPSR_ABT", KVM_SPSR_ABT);
        check(c, "KVM_SPSR_UND", KVM_SPSR_UND);
        check(c, "KVM_SPSR_IRQ", KVM_SPSR_IRQ);
        check(c, "KVM_SPSR_FIQ", KVM_SPSR_FIQ);
        check(c, "(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(regs.pc))", Aarch32CoreRegs.id(CoreReg.PC));
        check(c, "(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(spsr[KVM_SPSR_FIQ]))", Aarch32CoreRegs.id(CoreReg.SPSR_FIQ));
        check(c, "KVM_REG_ARM_TIMER_CNT", KVM_REG_ARM_TIMER_CNT);
        check(c, "KVM_REG_ARM_TIMER_CVAL", KVM_REG_ARM_TIMER_CVAL);
        check(c, "KVM_ARM_IRQ_TYPE_SHIFT", KVM_ARM_IRQ_TYPE_SHIFT);
        check(c, "KVM_ARM_IRQ_VCPU_SHIFT", KVM_ARM_IRQ_VCPU_SHIFT);
        check(c, "KVM_ARM_IRQ_TYPE_CPU", KVM_ARM_IRQ_TYPE_CPU);
        check(c, "KVM_ARM_IRQ_TYPE_SPI", KVM_ARM_IRQ_TYPE_SPI);
        check(c, "KVM_ARM_IRQ_TYPE_PPI", KVM_ARM_IRQ_TYPE_PPI);
        check(c, "KVM_ARM_IRQ_CPU_IRQ", KVM_ARM_IRQ_CPU_IRQ);
        check(c, "KVM_ARM_IRQ_CPU_FIQ", KVM_ARM_IRQ_CPU_FIQ);
        check(c, "KVM_DEV_ARM_VGIC_GRP_ADDR", KVM_DEV_ARM_VGIC_GRP_ADDR);
        check(c, "KVM_DEV_ARM_VGIC_GRP_NR_IRQS", KVM_DEV_ARM_VGIC_GRP_NR_IRQS);
        check(c, "KVM_DEV_ARM_VGIC_GRP_CTRL", KVM_DEV_ARM_VGIC_GRP_CTRL);
        check(c, "KVM_VGIC_V2_ADDR_TYPE_DIST", KVM_VGIC_V2_ADDR_TYPE_DIST);
        check(c, "KVM_VGIC_V2_ADDR_TYPE_CPU", KVM_VGIC_V2_ADDR_TYPE_CPU);
        check(c, "KVM_DEV_ARM_VGIC_CTRL_INIT", KVM_DEV_ARM_VGIC_CTRL_INIT);
        Path src = dir.resolve("kvm_arm_abi.c");
        Files.writeString(src, c);
        Process p = new ProcessBuilder(CC, "-fsyntax-only", src.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "the compiler did not finish");
        assertEquals(0, p.exitValue(), "KvmArmAbi disagrees with the arm64 headers:\n" + out);
    }

    private static void check(StringBuilder c, String expr, long javaValue) {
        c.append(String.format("_Static_assert((unsigned long long)(%s) == 0x%xULL, \"%s\");%n", expr, javaValue, expr.replace("\"", "")));
    }
}
