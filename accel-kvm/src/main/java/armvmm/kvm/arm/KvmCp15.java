package armvmm.kvm.arm;

import static armvmm.kvm.arm.KvmArmAbi.*;

import armvmm.cp15.Aarch64Alias;
import armvmm.cpu.cortexa15.CortexA15;
import armvmm.cp15.CpReg;
import armvmm.cp15.CpRegistry;
import armvmm.kvm.sys.VcpuFd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cp15 registry seen through KVM: a 32-bit vCPU on an arm64 host keeps its cp15 state in AArch64
 * system registers (SCTLR in SCTLR_EL1[31:0], IFAR in FAR_EL1[63:32]), which KVM_GET_REG_LIST lists and
 * KVM_GET/SET_ONE_REG read and write. Each registry register with an {@link Aarch64Alias} whose id KVM lists
 * can be dumped and restored whichever accelerator ran the guest; the system registers KVM has that the
 * registry lacks are logged once with their encoding.
 */
public final class KvmCp15 {
    private static final Logger log = LoggerFactory.getLogger(KvmCp15.class);
    private static final Set<Long> reported = ConcurrentHashMap.newKeySet();

    private final List<CpReg> matched;
    private final List<Long> unknown;

    /** What {@code ids} (a KVM_GET_REG_LIST answer) has in common with {@code registry}, and what it has more. */
    public KvmCp15(CpRegistry registry, long[] ids) {
        Map<Long, List<CpReg>> byId = new HashMap<>();
        for (CpReg r : registry.registers()) {
            Aarch64Alias a = alias(r);
            if (a != null && r.kind() != CpReg.Kind.OPERATION) byId.computeIfAbsent(kvmId(a), k -> new ArrayList<>()).add(r);
        }
        List<CpReg> m = new ArrayList<>();
        List<Long> u = new ArrayList<>();
        for (long id : ids) {
            if ((id & KVM_REG_ARM_COPROC_MASK) != KVM_REG_ARM64_SYSREG) continue;
            List<CpReg> rs = byId.get(id);
            if (rs != null) m.addAll(rs);
            else u.add(id);
        }
        matched = List.copyOf(m);
        unknown = List.copyOf(u);
    }

    /** The registry of the CPU this accelerator runs (the Cortex-A15's registers). */
    public static CpRegistry cortexA15() { return CpRegistry.builder().addAll(CortexA15.definitions()).build(); }

    /** The registry's registers KVM holds, in KVM_GET_REG_LIST order. */
    public List<CpReg> matched() { return matched; }

    /** System register ids KVM lists that no registry register maps onto. */
    public List<Long> unknown() { return unknown; }

    /** Logs each unknown system register once per process: what a cp15 dump under KVM leaves out. */
    public void logUnknownOnce() {
        List<String> names = new ArrayList<>();
        for (long id : unknown) if (reported.add(id)) names.add(describe(id));
        if (!names.isEmpty())
            log.info("KVM holds {} system registers the cp15 registry does not describe (not in cp15 dumps): {}", names.size(), String.join(" ", names));
    }

    /** An arm64 system register id as S{op0}_{op1}_C{crn}_C{crm}_{op2}, the assembler's generic spelling. */
    public static String describe(long id) {
        int e = (int) (id & 0xffff);
        return String.format("S%d_%d_C%d_C%d_%d", e >>> 14 & 3, e >>> 11 & 7, e >>> 7 & 15, e >>> 3 & 15, e & 7);
    }

    static Aarch64Alias alias(CpReg r) {
        if (r.aarch64() != null) return r.aarch64();
        return r.lowHalfOf() != null ? r.lowHalfOf().aarch64() : null;
    }

    /**
     * The KVM_GET/SET_ONE_REG id of an AArch64 register: its encoding, but for the virtual timer's counter
     * and compare value, whose ids KVM swaps (writing "CNTV_CVAL_EL0"'s encoding moves the counter).
     */
    static long kvmId(Aarch64Alias a) {
        long id = a.kvmRegId();
        if (id == KVM_REG_ARM_TIMER_CNT) return KVM_REG_ARM_TIMER_CVAL;
        if (id == KVM_REG_ARM_TIMER_CVAL) return KVM_REG_ARM_TIMER_CNT;
        return id;
    }

    /** The register's value from its AArch64 home (the half it lives in; a 32-bit view of a 64-bit register its low word). */
    public static long read(VcpuFd fd, CpReg r) {
        Aarch64Alias a = alias(r);
        if (a == null) throw new IllegalArgumentException(r.name() + " has no AArch64 register on an arm64 host");
        long v = fd.getOneReg(kvmId(a));
        if (r.width() == 64 && r.lowHalfOf() == null) return v;
        return v >>> a.lsb() & 0xffff_ffffL;
    }

    public static void write(VcpuFd fd, CpReg r, long value) {
        Aarch64Alias a = alias(r);
        if (a == null) throw new IllegalArgumentException(r.name() + " has no AArch64 register on an arm64 host");
        long v;
        if (r.width() == 64 && r.lowHalfOf() == null) {
            v = value;
        } else {
            long mask = 0xffff_ffffL << a.lsb();
            v = (fd.getOneReg(kvmId(a)) & ~mask) | (value << a.lsb() & mask);
        }
        fd.setOneReg(kvmId(a), v);
    }

    /** Every matched register with storage, by name: a cp15 dump of a paused vCPU. */
    public Map<CpReg, Long> dump(VcpuFd fd) {
        Map<CpReg, Long> out = new LinkedHashMap<>();
        for (CpReg r : matched) if (r.hasStorage() || r.lowHalfOf() == null) out.putIfAbsent(r, read(fd, r));
        return out;
    }

    /** Writes back what {@link #dump} returned (constant registers KVM refuses to change are left alone). */
    public void restore(VcpuFd fd, Map<CpReg, Long> values) {
        for (Map.Entry<CpReg, Long> e : values.entrySet()) {
            CpReg r = e.getKey();
            if (r.kind() == CpReg.Kind.CONSTANT || r.lowHalfOf() != null) continue;
            if (read(fd, r) != e.getValue()) write(fd, r, e.getValue());
        }
    }
}
