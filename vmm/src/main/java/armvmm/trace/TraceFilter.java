package armvmm.trace;

import java.util.List;
import java.util.Locale;

/**
 * Which MMIO accesses a trace keeps: by device name (substring, case-insensitive) and/or physical address
 * range. Parsed from the CLI's {@code --trace mmio:dev=pl011,addr=0x1c090000-0x1c09ffff} form.
 */
public record TraceFilter(List<String> devices, List<long[]> ranges) {
    public static final TraceFilter ALL = new TraceFilter(List.of(), List.of());

    public boolean accepts(String device, long pa) {
        boolean devOk = devices.isEmpty() || devices.stream().anyMatch(d -> device.toLowerCase(Locale.ROOT).contains(d));
        boolean addrOk = ranges.isEmpty() || ranges.stream().anyMatch(r -> pa >= r[0] && pa <= r[1]);
        return devOk && addrOk;
    }

    /** Parses "dev=NAME,addr=LO-HI,..." (empty string: everything). Throws IllegalArgumentException with a user-facing message. */
    public static TraceFilter parse(String spec) {
        if (spec == null || spec.isBlank()) return ALL;
        var devs = new java.util.ArrayList<String>();
        var ranges = new java.util.ArrayList<long[]>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("trace filter '" + part + "' is not key=value (dev=NAME or addr=LO-HI)");
            String k = part.substring(0, eq).trim(), v = part.substring(eq + 1).trim();
            switch (k) {
                case "dev" -> devs.add(v.toLowerCase(Locale.ROOT));
                case "addr" -> {
                    String[] lh = v.split("-");
                    try {
                        long lo = Long.decode(lh[0]);
                        long hi = lh.length > 1 ? Long.decode(lh[1]) : lo;
                        if (lh.length > 2 || hi < lo) throw new NumberFormatException();
                        ranges.add(new long[] {lo, hi});
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("trace address range '" + v + "' is not LO-HI (e.g. 0x1c090000-0x1c090fff)");
                    }
                }
                default -> throw new IllegalArgumentException("unknown trace filter key '" + k + "' (use dev= or addr=)");
            }
        }
        return new TraceFilter(List.copyOf(devs), List.copyOf(ranges));
    }
}
