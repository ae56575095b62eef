package armvmm.accel;

import java.util.List;

/** Whether an accelerator can run guests on this host, and the checks that decided it (shown by {@code vmm accels}). */
public record Availability(boolean usable, String reason, List<Check> checks) {
    public record Check(String what, boolean passed, String detail) {}

    public static Availability yes(String reason, List<Check> checks) { return new Availability(true, reason, List.copyOf(checks)); }

    public static Availability no(String reason, List<Check> checks) { return new Availability(false, reason, List.copyOf(checks)); }
}
