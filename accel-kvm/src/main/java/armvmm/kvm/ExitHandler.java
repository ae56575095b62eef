package armvmm.kvm;

import static armvmm.kvm.sys.KvmAbi.*;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.kvm.sys.KvmRun;
import armvmm.accel.VmContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The architecture-neutral exits of one vCPU: KVM_EXIT_MMIO to the machine's physical address space (the
 * same bus TCG uses, so devices and {@code --trace mmio} cannot tell the accelerators apart),
 * KVM_EXIT_SYSTEM_EVENT to the machine lifecycle, and the exits that mean KVM could not go on, reported
 * with the vCPU state. Everything else goes to the {@link KvmArch}.
 */
public final class ExitHandler {
    private static final Logger log = LoggerFactory.getLogger(ExitHandler.class);
    private static final Set<String> reported = ConcurrentHashMap.newKeySet();

    private final KvmVcpu vcpu;
    private final VmContext machine;
    private final AddressSpace bus;
    private final KvmArch arch;

    ExitHandler(KvmVcpu vcpu, VmContext machine, KvmArch arch) {
        this.vcpu = vcpu;
        this.machine = machine;
        this.bus = machine.bus();
        this.arch = arch;
    }

    /** Handles the exit described by {@code run} (the vCPU's own kvm_run, or a replayed one in tests). */
    public ExitAction handle(KvmRun run) {
        int reason = run.exitReason();
        return switch (reason) {
            case KVM_EXIT_MMIO -> mmio(run);
            case KVM_EXIT_SYSTEM_EVENT -> systemEvent(run);
            case KVM_EXIT_INTR -> ExitAction.CONTINUE;
            case KVM_EXIT_INTERNAL_ERROR -> fail(internalError(run));
            case KVM_EXIT_FAIL_ENTRY -> fail(String.format("KVM_EXIT_FAIL_ENTRY: hardware_entry_failure_reason 0x%x on host CPU %d",
                    run.failEntryReason(), run.failEntryCpu()));
            case KVM_EXIT_UNKNOWN -> fail(String.format("KVM_EXIT_UNKNOWN: hardware_exit_reason 0x%x", run.hardwareExitReason()));
            default -> arch.handleExit(vcpu, reason, run);
        };
    }

    private ExitAction mmio(KvmRun run) {
        long pa = run.mmioPhysAddr();
        int len = run.mmioLen();
        boolean write = run.mmioIsWrite();
        if (len != 1 && len != 2 && len != 4 && len != 8) {
            // KVM never produces this for a valid access; treat it as the bus would treat a refused size
            onceWarn("mmio-len-" + len, String.format("vCPU %d: KVM_EXIT_MMIO with length %d at 0x%x", vcpu.index(), len, pa));
            long v = arch.mmioBusError(vcpu, new BusErrorException(BusErrorException.Kind.BAD_SIZE, pa, "MMIO length " + len), write);
            if (!write) run.setMmioData(Math.min(Math.max(len, 0), 8), v);
            return ExitAction.CONTINUE;
        }
        try {
            if (write) bus.write(pa, len, run.mmioData(len), vcpu);
            else run.setMmioData(len, bus.read(pa, len, vcpu));
        } catch (BusErrorException e) {
            long v = arch.mmioBusError(vcpu, e, write);
            if (!write) run.setMmioData(len, v);
        }
        return ExitAction.CONTINUE;
    }

    private ExitAction systemEvent(KvmRun run) {
        int type = run.systemEventType();
        String who = "vCPU " + vcpu.index();
        switch (type) {
            case KVM_SYSTEM_EVENT_SHUTDOWN -> machine.requestPowerOff(who + ": guest powered off (KVM_SYSTEM_EVENT_SHUTDOWN)");
            case KVM_SYSTEM_EVENT_RESET -> machine.requestReset(who + ": guest asked for a reset (KVM_SYSTEM_EVENT_RESET)");
            case KVM_SYSTEM_EVENT_CRASH -> machine.reportGuestFailure(who + ": guest reported a crash (KVM_SYSTEM_EVENT_CRASH)");
            default -> {
                return fail("KVM_EXIT_SYSTEM_EVENT of unknown type " + type);
            }
        }
        return ExitAction.PARK;
    }

    private static String internalError(KvmRun run) {
        int sub = run.internalSuberror();
        String what = switch (sub) {
            case KVM_INTERNAL_ERROR_EMULATION -> "emulation failure";
            case KVM_INTERNAL_ERROR_SIMUL_EX -> "simultaneous exceptions";
            case KVM_INTERNAL_ERROR_DELIVERY_EV -> "event delivery failed";
            case KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON -> "unexpected exit reason";
            default -> "suberror " + sub;
        };
        StringBuilder sb = new StringBuilder("KVM_EXIT_INTERNAL_ERROR: ").append(what);
        int n = Math.min(Math.max(run.internalNdata(), 0), 16);
        if (n > 0) {
            sb.append(", data");
            for (int i = 0; i < n; i++) sb.append(String.format(" 0x%x", run.internalData(i)));
        }
        return sb.toString();
    }

    /** Reports an exit the VMM cannot continue from, with the vCPU state; the vCPU's thread then ends. */
    public ExitAction fail(String what) {
        String state;
        try {
            state = arch.dumpState(vcpu);
        } catch (RuntimeException e) {
            state = "(state unreadable: " + e.getMessage() + ")";
        }
        String msg = "vCPU " + vcpu.index() + ": " + what + "; state: " + state;
        log.error(msg);
        machine.reportVmmError(msg);
        return ExitAction.FAIL;
    }

    static void onceWarn(String key, String msg) {
        if (reported.add(key)) log.warn("{} (reported once)", msg);
    }
}
