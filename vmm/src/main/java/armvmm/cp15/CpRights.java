package armvmm.cp15;

/**
 * Who may read and write a register: read and write, per privilege level (PL0, PL1, PL2), per security
 * state (PL2 exists only in Non-secure state; Monitor mode is Secure PL1). Written in the tables the way the
 * ARM ARM's register summaries say it, e.g. {@code "PL1 RW"}, {@code "PL0 RO, PL1 RW"},
 * {@code "S PL1 RW, NS PL1 RO"}, {@code "PL2 RW"}, {@code "PL1 WO"}: each clause grants at that level and every
 * higher one, in both security states unless it starts with S or NS; clauses add up.
 */
public record CpRights(int bits) {
    public static final CpRights NONE = new CpRights(0);

    /** Bit of "may {@code write} at {@code pl} in {@code secure} state". */
    private static int bit(boolean secure, int pl, boolean write) {
        return 1 << ((secure ? 0 : 6) + pl * 2 + (write ? 1 : 0));
    }

    public boolean allows(boolean write, int pl, boolean secure) {
        if (pl < 0 || pl > 2 || (secure && pl == 2)) return false;
        return (bits & bit(secure, pl, write)) != 0;
    }

    public static CpRights parse(String spec) {
        int bits = 0;
        for (String clause : spec.split(",")) {
            String[] w = clause.trim().split("\\s+");
            int i = 0;
            boolean s = true, ns = true;
            if (w.length == 3) {
                switch (w[0]) {
                    case "S" -> ns = false;
                    case "NS" -> s = false;
                    default -> throw new IllegalArgumentException("rights '" + spec + "': '" + w[0] + "' is not S or NS");
                }
                i = 1;
            } else if (w.length != 2) {
                throw new IllegalArgumentException("rights '" + spec + "': clause '" + clause.trim() + "' is not [S|NS] PLn RW|RO|WO");
            }
            int pl = switch (w[i]) {
                case "PL0" -> 0;
                case "PL1" -> 1;
                case "PL2" -> 2;
                default -> throw new IllegalArgumentException("rights '" + spec + "': '" + w[i] + "' is not PL0, PL1 or PL2");
            };
            boolean r = w[i + 1].equals("RW") || w[i + 1].equals("RO");
            boolean wr = w[i + 1].equals("RW") || w[i + 1].equals("WO");
            if (!r && !wr) throw new IllegalArgumentException("rights '" + spec + "': '" + w[i + 1] + "' is not RW, RO or WO");
            for (int level = pl; level <= 2; level++) {
                if (s && level < 2) bits |= (r ? bit(true, level, false) : 0) | (wr ? bit(true, level, true) : 0);
                if (ns) bits |= (r ? bit(false, level, false) : 0) | (wr ? bit(false, level, true) : 0);
            }
        }
        return new CpRights(bits);
    }

    /** {@code PL0 -- PL1 RW PL2 RW}, or {@code S: PL0 -- PL1 RW / NS: PL0 -- PL1 RO PL2 RO} when the states differ. */
    @Override
    public String toString() {
        String s = levels(true), ns = levels(false);
        return s.equals(ns.substring(0, s.length())) && ns.endsWith(s.substring(s.length() - 2)) ? ns : "S: " + s + " / NS: " + ns;
    }

    private String levels(boolean secure) {
        StringBuilder sb = new StringBuilder();
        for (int pl = 0; pl <= (secure ? 1 : 2); pl++) {
            if (pl > 0) sb.append(' ');
            sb.append("PL").append(pl).append(' ')
                    .append(allows(false, pl, secure) ? 'R' : '-').append(allows(true, pl, secure) ? 'W' : '-');
        }
        return sb.toString();
    }
}
