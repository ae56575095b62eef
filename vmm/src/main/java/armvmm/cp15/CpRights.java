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

    /**
     * The rights in the form {@link #parse} reads ({@code "PL0 RO, PL1 RW"}, {@code "S PL1 RW, NS PL1 RO"}), or,
     * for rights no clause list can say, the full table {@code "S: PL0 -W PL1 RW / NS: ..."}.
     */
    @Override
    public String toString() {
        String s = clauses(true), ns = clauses(false);
        String text;
        if (s.equals(withoutPl2(ns))) text = ns;
        else if (s.isEmpty()) text = prefixed("NS", ns);
        else if (ns.isEmpty()) text = prefixed("S", s);
        else text = prefixed("S", s) + ", " + prefixed("NS", ns);
        if (text.isEmpty()) text = "none";
        return !text.equals("none") && parse(text).equals(this) || bits == 0 ? text : "S: " + table(true) + " / NS: " + table(false);
    }

    /** Threshold clauses of one security state: the lowest level that may read and the lowest that may write. */
    private String clauses(boolean secure) {
        int top = secure ? 1 : 2;
        int r = lowest(false, secure, top), w = lowest(true, secure, top);
        StringBuilder sb = new StringBuilder();
        int lo = Math.min(r, w);
        if (lo > top) return "";
        if (r == w) return "PL" + r + " RW";
        sb.append("PL").append(lo).append(r < w ? " RO" : " WO");
        int hi = Math.max(r, w);
        if (hi <= top) sb.append(", PL").append(hi).append(" RW");
        return sb.toString();
    }

    private int lowest(boolean write, boolean secure, int top) {
        for (int pl = 0; pl <= top; pl++) if (allows(write, pl, secure)) return pl;
        return top + 1;
    }

    private static String withoutPl2(String clauses) {
        return String.join(", ", java.util.Arrays.stream(clauses.split(", ")).filter(c -> !c.startsWith("PL2")).toList());
    }

    private static String prefixed(String state, String clauses) {
        return String.join(", ", java.util.Arrays.stream(clauses.split(", ")).map(c -> state + " " + c).toList());
    }

    private String table(boolean secure) {
        StringBuilder sb = new StringBuilder();
        for (int pl = 0; pl <= (secure ? 1 : 2); pl++) {
            if (pl > 0) sb.append(' ');
            sb.append("PL").append(pl).append(' ')
                    .append(allows(false, pl, secure) ? 'R' : '-').append(allows(true, pl, secure) ? 'W' : '-');
        }
        return sb.toString();
    }
}
