package armvmm.monitor.qmp;

import armvmm.accel.Vcpu;
import armvmm.accel.VcpuState;
import armvmm.machine.Machine;
import armvmm.snapshot.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One QMP client (QEMU's "QEMU Machine Protocol" specification): the greeting, capabilities negotiation,
 * then commands, each a JSON object answered by {@code return} or {@code error} (with its {@code id} when
 * it had one), and asynchronous events between them. Input is a stream of JSON objects, split by
 * {@link ObjectSplitter} and parsed by {@link Json}; an object larger than {@link #MAX_OBJECT} or one that
 * does not parse is an error reply, never the end of the VMM.
 */
final class QmpSession {
    private static final Logger log = LoggerFactory.getLogger(QmpSession.class);
    /** The largest command accepted (QEMU's limit is about 64 MiB; ours has nothing that long to say). */
    static final int MAX_OBJECT = 1 << 20;

    private final QmpServer server;
    private final Machine machine;
    private final HumanMonitor hmp;
    private final InputStream in;
    private final OutputStream out;
    private volatile boolean commandMode;
    private boolean quit;

    QmpSession(QmpServer server, Machine machine, InputStream in, OutputStream out) {
        this.server = server;
        this.machine = machine;
        this.hmp = new HumanMonitor(machine);
        this.in = in;
        this.out = out;
    }

    boolean inCommandMode() { return commandMode; }

    void run() throws IOException {
        send(Map.of("QMP", map("version", map("qemu", map("micro", 0L, "minor", 2L, "major", 7L), "package", "armvmm"),
                "capabilities", List.of())));
        ObjectSplitter split = new ObjectSplitter(MAX_OBJECT, this::received);
        byte[] buf = new byte[4096];
        for (int n; !quit && (n = in.read(buf)) > 0; ) split.feed(new String(buf, 0, n, StandardCharsets.UTF_8));
    }

    private void received(String text) {
        Map<String, Object> reply;
        if (text == null) {
            reply = error("GenericError", "JSON object longer than " + MAX_OBJECT + " bytes", null);
        } else {
            Object parsed;
            try {
                parsed = Json.parse(text);
            } catch (IllegalArgumentException e) {
                send(error("GenericError", "JSON parse error, " + e.getMessage(), null));
                return;
            }
            reply = command(parsed);
        }
        send(reply);
    }

    private Map<String, Object> command(Object parsed) {
        if (!(parsed instanceof Map<?, ?> m)) return error("GenericError", "QMP input must be a JSON object", null);
        Object id = m.get("id");
        if (!(m.get("execute") instanceof String name)) return error("GenericError", "QMP input lacks member 'execute'", id);
        Object a = m.get("arguments");
        if (a != null && !(a instanceof Map)) return error("GenericError", "QMP input member 'arguments' must be an object", id);
        Map<?, ?> args = a == null ? Map.of() : (Map<?, ?>) a;
        if (!commandMode && !name.equals("qmp_capabilities"))
            return error("CommandNotFound", "Expecting capabilities negotiation with 'qmp_capabilities'", id);
        try {
            return ok(execute(name, args), id);
        } catch (CommandError e) {
            return error(e.errorClass, e.getMessage(), id);
        }
    }

    private static final class CommandError extends Exception {
        final String errorClass;

        CommandError(String errorClass, String message) {
            super(message);
            this.errorClass = errorClass;
        }
    }

    private Object execute(String name, Map<?, ?> args) throws CommandError {
        switch (name) {
            case "qmp_capabilities" -> {
                if (commandMode) throw new CommandError("CommandNotFound", "Capabilities negotiation is already complete, command ignored");
                commandMode = true;
                return Map.of();
            }
            case "query-status" -> {
                boolean paused = machine.state() == Machine.State.PAUSED;
                String status = machine.state() == Machine.State.STOPPED ? "shutdown" : paused ? "paused" : "running";
                return map("status", status, "singlestep", false, "running", status.equals("running"));
            }
            case "stop" -> {
                if (machine.state() != Machine.State.PAUSED) {
                    machine.pause();
                    server.event("STOP", null);
                }
                return Map.of();
            }
            case "cont" -> {
                if (machine.state() == Machine.State.PAUSED) {
                    machine.resume();
                    server.event("RESUME", null);
                }
                return Map.of();
            }
            case "system_reset" -> {
                machine.requestReset("QMP system_reset");
                server.event("RESET", map("guest", false, "reason", "host-qmp-system-reset"));
                return Map.of();
            }
            case "system_powerdown" -> {
                // QEMU 7.2 answers success and sends POWERDOWN on a machine without a power button too
                // (vexpress-a15): the request simply reaches nothing. A client cannot tell; the log line says so.
                if (!machine.pressPowerButton()) log.warn("QMP system_powerdown: the {} board has no power button; nothing is pressed", machine.config().board());
                server.event("POWERDOWN", null);
                return Map.of();
            }
            case "quit" -> {
                quit = true;
                server.quitting();
                machine.requestPowerOff("QMP quit");
                return Map.of();
            }
            case "query-cpus-fast" -> {
                List<Object> cpus = new ArrayList<>();
                for (Vcpu v : machine.vcpus()) {
                    Map<String, Object> c = map("cpu-index", (long) v.index(), "qom-path", qomPath(v), "target", "arm",
                            "props", map("core-id", (long) v.index()));
                    v.hostThreadId().ifPresent(t -> c.put("thread-id", t));
                    cpus.add(c);
                }
                return cpus;
            }
            case "query-cpus" -> {
                // QEMU's older form (removed in QEMU 6.0), which older QMP clients still ask for
                List<Object> cpus = new ArrayList<>();
                for (Vcpu v : machine.vcpus()) {
                    cpus.add(map("CPU", (long) v.index(), "current", v.index() == 0, "halted", v.state() == VcpuState.WAITING,
                            "qom_path", qomPath(v), "thread_id", v.hostThreadId().orElse(0)));
                }
                return cpus;
            }
            case "human-monitor-command" -> {
                if (!(args.get("command-line") instanceof String line))
                    throw new CommandError("GenericError", "Parameter 'command-line' is missing or not a string");
                return hmp.execute(line);
            }
            case "migrate" -> {
                if (!(args.get("uri") instanceof String uri)) throw new CommandError("GenericError", "Parameter 'uri' is missing or not a string");
                Migration.Endpoint to;
                try {
                    to = Migration.Endpoint.parse(uri);
                } catch (IllegalArgumentException e) {
                    throw new CommandError("GenericError", "uri " + uri + ": " + e.getMessage());
                }
                if (machine.vcpus().stream().anyMatch(v -> v.debug().isEmpty()))
                    throw new CommandError("GenericError", "this accelerator cannot save vCPU state yet (migration needs --accel tcg)");
                if (!server.startMigration(to)) throw new CommandError("GenericError", "There's a migration process in progress");
                return Map.of();
            }
            case "query-migrate" -> {
                Migration.Outgoing o = server.migration();
                if (o == null) return Map.of();
                Map<String, Object> r = map("status", o.status().qmpName);
                if (o.status() != Migration.Status.ACTIVE) {
                    r.put("total-time", o.totalMillis());
                    if (o.status() == Migration.Status.COMPLETED) {
                        r.put("downtime", o.downtimeMillis());
                        r.put("ram", map("transferred", o.bytes()));
                    } else {
                        r.put("error-desc", o.error());
                    }
                }
                return r;
            }
            case "query-commands" -> {
                List<Object> l = new ArrayList<>();
                for (String c : List.of("qmp_capabilities", "query-status", "stop", "cont", "system_reset", "system_powerdown", "quit",
                        "query-cpus-fast", "query-cpus", "human-monitor-command", "migrate", "query-migrate", "query-commands"))
                    l.add(Map.of("name", c));
                return l;
            }
            default -> throw new CommandError("CommandNotFound", "The command " + name + " has not been found");
        }
    }

    private static Map<String, Object> ok(Object value, Object id) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("return", value);
        if (id != null) r.put("id", id);
        return r;
    }

    private static Map<String, Object> error(String errorClass, String desc, Object id) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("error", map("class", errorClass, "desc", desc));
        if (id != null) r.put("id", id);
        return r;
    }

    /** QEMU's QOM path of a vCPU, which clients take as its name. */
    private static String qomPath(Vcpu v) { return "/machine/unattached/device[" + v.index() + "]"; }

    /** An ordered map of key/value pairs. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    synchronized void send(Map<String, Object> message) {
        try {
            out.write((Json.write(message) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            log.debug("QMP client: {}", e.toString());
        }
    }

    /**
     * Splits a character stream into top-level JSON objects by their braces (strings and escapes followed),
     * as QEMU's JSON streamer does, so that objects may span lines or share one. An object longer than the
     * limit is dropped and reported as null; a character that no JSON token has, inside an object or
     * outside, ends what came before it as an error (it is handed on alone, to fail to parse).
     */
    static final class ObjectSplitter {
        private final int limit;
        private final Consumer<String> sink;
        private final StringBuilder current = new StringBuilder();
        private int depth;
        private boolean inString, escape, overflow;

        ObjectSplitter(int limit, Consumer<String> sink) {
            this.limit = limit;
            this.sink = sink;
        }

        void feed(String chunk) {
            for (int k = 0; k < chunk.length(); k++) feed(chunk.charAt(k));
        }

        private void feed(char c) {
            if (depth == 0) {
                if (c != '{' && c != '[') {
                    // a stray scalar or garbage between objects: QEMU answers it with an error too
                    if (!Character.isWhitespace(c)) {
                        current.setLength(0);
                        sink.accept(String.valueOf(c));
                    }
                    return;
                }
                current.setLength(0);
                overflow = false;
            }
            if (!overflow) {
                current.append(c);
                if (current.length() > limit) {
                    overflow = true;
                    current.setLength(0);
                }
            }
            if (inString) {
                if (c < 0x20) {
                    // JSON strings hold no raw control characters: a line end inside one ends the garbage, as in QEMU's lexer
                    inString = escape = false;
                    depth = 0;
                    current.setLength(0);
                    sink.accept(String.valueOf(c));
                    return;
                }
                if (escape) escape = false;
                else if (c == '\\') escape = true;
                else if (c == '"') inString = false;
                return;
            }
            if (!Character.isWhitespace(c) && "{}[]:,\"-+.0123456789truefalsnE".indexOf(c) < 0) {
                // not a JSON token character: as QEMU's lexer does, the object so far is an error and input starts afresh
                depth = 0;
                current.setLength(0);
                sink.accept(String.valueOf(c));
                return;
            }
            switch (c) {
                case '"' -> inString = true;
                case '{', '[' -> {
                    if (++depth > Json.MAX_DEPTH) {
                        // as QEMU's streamer: too deep is an error, and input starts afresh after it
                        depth = 0;
                        current.setLength(0);
                        sink.accept("[".repeat(Json.MAX_DEPTH + 1)); // fails to parse, saying it is too deep
                    }
                }
                case '}', ']' -> {
                    if (--depth == 0) {
                        sink.accept(overflow ? null : current.toString());
                        current.setLength(0);
                    }
                }
                default -> { }
            }
        }
    }
}
