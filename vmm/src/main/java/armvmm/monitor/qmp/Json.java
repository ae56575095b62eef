package armvmm.monitor.qmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON QMP speaks (RFC 8259): objects as {@code Map<String, Object>} in their order, arrays as lists,
 * integers as Long, other numbers as Double, strings, booleans and null. {@link #parse} reads one value and
 * rejects anything else with a {@link SyntaxError} naming the offset; nesting deeper than
 * {@link #MAX_DEPTH} is refused, so no client input can exhaust the stack.
 */
final class Json {
    static final int MAX_DEPTH = 64;

    static final class SyntaxError extends IllegalArgumentException {
        SyntaxError(String message, int at) { super(message + " at offset " + at); }
    }

    private final String s;
    private int i;

    private Json(String s) { this.s = s; }

    /** One JSON value, with nothing but white space around it. */
    static Object parse(String text) {
        Json p = new Json(text);
        p.space();
        Object v = p.value(0);
        p.space();
        if (p.i != text.length()) throw new SyntaxError("text after the value", p.i);
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw new SyntaxError("nested deeper than " + MAX_DEPTH, i);
        if (i >= s.length()) throw new SyntaxError("value expected", i);
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                space();
                if (peek() == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    space();
                    if (peek() != '"') throw new SyntaxError("member name expected", i);
                    String k = string();
                    space();
                    expect(':');
                    space();
                    m.put(k, value(depth + 1));
                    space();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                space();
                if (peek() == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    space();
                    l.add(value(depth + 1));
                    space();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            case '"' -> { return string(); }
            case 't' -> { return word("true", Boolean.TRUE); }
            case 'f' -> { return word("false", Boolean.FALSE); }
            case 'n' -> { return word("null", null); }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw new SyntaxError("unexpected '" + c + "'", i);
            }
        }
    }

    private int peek() { return i < s.length() ? s.charAt(i) : -1; }

    private void expect(char c) {
        if (peek() != c) throw new SyntaxError("'" + c + "' expected", i);
        i++;
    }

    private void space() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) i++;
    }

    private Object word(String w, Object v) {
        if (!s.startsWith(w, i)) throw new SyntaxError("'" + w + "' expected", i);
        i += w.length();
        return v;
    }

    private Object number() {
        int start = i;
        if (peek() == '-') i++;
        digits();
        boolean integer = true;
        if (peek() == '.') {
            i++;
            digits();
            integer = false;
        }
        if (peek() == 'e' || peek() == 'E') {
            i++;
            if (peek() == '+' || peek() == '-') i++;
            digits();
            integer = false;
        }
        String t = s.substring(start, i);
        if (integer) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                // beyond a long: kept as a double, as JSON does not bound integers
            }
        }
        return Double.parseDouble(t);
    }

    private void digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == start) throw new SyntaxError("digit expected", i);
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (i >= s.length()) throw new SyntaxError("unterminated string", i);
            char c = s.charAt(i++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw new SyntaxError("control character in a string", i - 1);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i >= s.length()) throw new SyntaxError("unterminated escape", i);
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) throw new SyntaxError("short \\u escape", i);
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(s.charAt(i++), 16);
                        if (d < 0) throw new SyntaxError("bad \\u escape", i - 1);
                        v = v << 4 | d;
                    }
                    sb.append((char) v);
                }
                default -> throw new SyntaxError("bad escape '\\" + e + "'", i - 1);
            }
        }
    }

    /** The value as JSON text: maps, lists, strings, numbers, booleans and null. */
    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String str) {
            quote(sb, str);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                quote(sb, e.getKey().toString());
                sb.append(": ");
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int k = 0; k < l.size(); k++) {
                if (k > 0) sb.append(", ");
                write(sb, l.get(k));
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
