package armvmm.debug.gdb;

import armvmm.accel.Vcpu;
import armvmm.accel.VcpuDebug;
import armvmm.accel.VcpuDebug.DebugStop;
import armvmm.accel.VcpuDebug.WatchKind;
import armvmm.accel.VcpuDebug.Watchpoint;
import armvmm.cp15.CpReg;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.cpu.CpuMode;
import armvmm.debug.gdb.RspFramer.Frame;
import armvmm.machine.GuestMemory;
import armvmm.machine.Machine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gdb connection, in all-stop mode: the machine is paused while gdb looks at it and runs while gdb
 * waits for a stop. vCPU n is thread n + 1. Packets (GDB manual, "Remote Protocol") arrive from a reader
 * thread through one queue together with the vCPUs' stops, so that a Ctrl-C, a breakpoint on another vCPU
 * and the machine's end are all seen by this one thread. A packet that does not parse gets {@code E01},
 * an unknown one the empty reply; nothing a client sends ends the VMM but {@code k}.
 */
final class GdbSession implements VcpuDebug.StopListener {
    private static final Logger log = LoggerFactory.getLogger(GdbSession.class);
    private static final int SIGINT = 2, SIGTRAP = 5;
    /** Registers in a g packet: r0-r15 and cpsr. The others gdb reads with p, as it does for any short g reply. */
    private static final int G_REGISTERS = TargetDescription.CPSR + 1;

    private sealed interface Event {
        record Received(Frame frame) implements Event {}
        record Stopped(Vcpu vcpu, DebugStop stop) implements Event {}
        record MachineEnded(int exitCode) implements Event {}
        record Disconnected() implements Event {}
    }

    private final Machine machine;
    private final List<? extends Vcpu> vcpus;
    private final GuestMemory memory;
    private final TargetDescription target;
    private final InputStream in;
    private final OutputStream out;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private boolean ackMode = true;
    private boolean running;
    /** m/M/X take physical addresses (qRcmd "phys", or QEMU's Qqemu.PhyMemMode:1). */
    private boolean physical;
    /** The vCPU index g/p/m act on (Hg), and the one c/s act on (Hc). */
    private int gThread, cThread;
    /** What the last stop reply said, for '?'. */
    private String lastStop;
    private byte[] lastReply = new byte[0];
    private volatile boolean ended;

    GdbSession(Machine machine, InputStream in, OutputStream out) {
        this.machine = machine;
        this.vcpus = machine.vcpus();
        this.memory = new GuestMemory(machine.bus());
        this.target = new TargetDescription(debug(0) == null ? List.of() : debug(0).systemRegisters());
        this.in = in;
        this.out = out;
        lastStop = stopReply(SIGTRAP, 0, "");
    }

    private VcpuDebug debug(int index) { return vcpus.get(index).debug().orElse(null); }

    @Override
    public void stopped(Vcpu vcpu, DebugStop stop) { events.add(new Event.Stopped(vcpu, stop)); }

    /** The machine has ended while this session was open: gdb is told the process exited. */
    void machineEnded(int exitCode) { events.add(new Event.MachineEnded(exitCode)); }

    /** Runs the session until gdb detaches, kills, disconnects or the machine ends. */
    void run() throws InterruptedException {
        machine.pause();
        for (Vcpu v : vcpus) v.debug().ifPresent(d -> d.setStopListener(this));
        Thread reader = new Thread(this::readLoop, "gdb-reader");
        reader.setDaemon(true);
        reader.start();
        boolean resumeAtEnd = true;
        try {
            while (!ended) {
                Event e = events.take();
                if (e instanceof Event.Received r) {
                    received(r.frame());
                } else if (e instanceof Event.Stopped s) {
                    vcpuStopped(s.vcpu(), s.stop());
                } else if (e instanceof Event.MachineEnded m) {
                    if (running) send("W" + hex2(m.exitCode() & 0xff));
                    ended = true;
                    resumeAtEnd = false;
                } else {
                    ended = true; // disconnected
                }
                if (killed) resumeAtEnd = false;
            }
        } finally {
            for (Vcpu v : vcpus) v.debug().ifPresent(d -> {
                d.setStopListener(null);
                d.clearDebug();
            });
            // gdb gone (detach, or the connection lost): the guest runs on, as it would without a debugger
            if (resumeAtEnd && !running) machine.resume();
        }
    }

    private boolean killed;

    private void readLoop() {
        RspFramer framer = new RspFramer(f -> events.add(new Event.Received(f)));
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) framer.feed(buf, 0, n);
        } catch (IOException e) {
            log.debug("gdb connection: {}", e.toString());
        }
        events.add(new Event.Disconnected());
    }

    private void received(Frame f) {
        if (f instanceof Frame.Packet p) {
            if (ackMode) sendRaw(new byte[] {'+'});
            String reply;
            String packet = new String(p.payload(), StandardCharsets.ISO_8859_1);
            try {
                reply = handle(packet);
            } catch (IllegalArgumentException | IndexOutOfBoundsException | GuestMemory.Fault e) {
                log.debug("gdb packet {}: {}", abbreviate(packet), e.toString());
                reply = e instanceof GuestMemory.Fault ? "E14" : "E01";
            }
            if (reply != null) send(reply);
            if (packet.equals("QStartNoAckMode")) ackMode = false;
        } else if (f instanceof Frame.Oversized) {
            if (ackMode) sendRaw(new byte[] {'+'});
            send("E01");
        } else if (f instanceof Frame.BadChecksum) {
            if (ackMode) sendRaw(new byte[] {'-'});
        } else if (f instanceof Frame.Nack) {
            sendRaw(lastReply);
        } else if (f instanceof Frame.Interrupt && running) {
            stopAll();
            reportStop(stopReply(SIGINT, cThread, ""), cThread);
        }
    }

    private void vcpuStopped(Vcpu v, DebugStop s) {
        if (!running) return; // a stop that raced with an interrupt already reported
        stopAll();
        String why = switch (s.reason()) {
            case WATCHPOINT -> (s.watchKind() == WatchKind.WRITE ? "watch" : s.watchKind() == WatchKind.READ ? "rwatch" : "awatch")
                    + ":" + Integer.toHexString(s.dataAddress()) + ";";
            case BREAKPOINT, STEP -> "";
        };
        reportStop(stopReply(SIGTRAP, v.index(), why), v.index());
    }

    private void stopAll() {
        machine.pause();
        running = false;
        // stops other vCPUs reached meanwhile are dropped: all-stop reports one
        events.removeIf(e -> e instanceof Event.Stopped);
    }

    private void reportStop(String reply, int index) {
        gThread = cThread = index;
        lastStop = reply;
        send(reply);
    }

    private static String stopReply(int signal, int index, String extra) {
        return "T" + hex2(signal) + extra + "thread:" + Integer.toHexString(index + 1) + ";";
    }

    // ---- packets

    /** The reply to one packet, or null when there is none yet (the guest was resumed). */
    private String handle(String p) throws GuestMemory.Fault {
        if (p.isEmpty()) return "";
        char c = p.charAt(0);
        String a = p.substring(1);
        return switch (c) {
            case '?' -> lastStop;
            case 'g' -> readGeneralRegisters();
            case 'G' -> writeGeneralRegisters(a);
            case 'p' -> readRegister(parseInt(a));
            case 'P' -> writeRegister(a);
            case 'm' -> readMemory(a);
            case 'M' -> writeMemory(a, false);
            case 'X' -> writeMemory(a, true);
            case 'c', 'C' -> resume(c == 'c' ? a : afterSignal(a), null);
            case 's', 'S' -> resume(c == 's' ? a : afterSignal(a), cThread);
            case 'v' -> handleV(a);
            case 'H' -> setThread(a);
            case 'T' -> threadIndex(a) >= 0 ? "OK" : "E01";
            case 'q' -> query(a);
            case 'Q' -> set(a);
            case 'Z', 'z' -> breakpoint(c == 'Z', a);
            case 'D' -> detach();
            case 'k' -> kill();
            default -> "";
        };
    }

    private static String afterSignal(String a) {
        int semi = a.indexOf(';');
        parseInt(semi < 0 ? a : a.substring(0, semi)); // the signal is not delivered: a guest has no signals
        return semi < 0 ? "" : a.substring(semi + 1);
    }

    private String resume(String address, Integer stepIndex) {
        if (!address.isEmpty()) {
            int pc = (int) parseAddress(address);
            Vcpu v = vcpus.get(stepIndex == null ? cThread : stepIndex);
            v.writeRegisters(v.readRegisters().with(CoreReg.PC, pc));
        }
        if (stepIndex != null) {
            VcpuDebug d = debug(stepIndex);
            if (d == null) return "E01";
            d.requestStep();
            running = true;
            machine.resume(vcpus.get(stepIndex));
        } else {
            running = true;
            machine.resume();
        }
        return null;
    }

    private String handleV(String a) {
        if (a.equals("Cont?")) return "vCont;c;C;s;S;t";
        if (a.startsWith("Cont;")) {
            Integer step = null;
            boolean any = false;
            for (String action : a.substring(5).split(";")) {
                int colon = action.indexOf(':');
                String what = colon < 0 ? action : action.substring(0, colon);
                int thread = colon < 0 ? -1 : threadIndex(action.substring(colon + 1));
                if (colon >= 0 && thread < 0) return "E01";
                char k = what.isEmpty() ? 0 : what.charAt(0);
                if (k == 'C' || k == 'S') parseInt(what.substring(1));
                else if (what.length() != 1) return "E01";
                switch (k) {
                    case 's', 'S' -> {
                        if (step == null) step = thread < 0 ? cThread : thread;
                    }
                    case 'c', 'C' -> any = true;
                    case 't' -> { } // stop: in all-stop mode the others stay stopped anyway
                    default -> { return "E01"; }
                }
            }
            // a step of one thread runs that thread alone; the others stay paused, as with scheduler-locking
            if (step != null) return resume("", step);
            return any ? resume("", null) : "OK";
        }
        if (a.equals("Kill") || a.startsWith("Kill;")) {
            kill();
            return "OK";
        }
        return ""; // vMustReplyEmpty and anything unknown
    }

    private String setThread(String a) {
        if (a.isEmpty()) return "E01";
        String t = a.substring(1);
        int index = t.equals("-1") || t.equals("0") ? (a.charAt(0) == 'g' ? gThread : cThread) : threadIndex(t);
        if (index < 0) return "E01";
        switch (a.charAt(0)) {
            case 'g' -> gThread = index;
            case 'c' -> cThread = index;
            default -> { return "E01"; }
        }
        return "OK";
    }

    /** vCPU index of gdb thread id {@code t} (hex, 1-based), or -1. */
    private int threadIndex(String t) {
        if (t.isEmpty() || t.length() > 8) return -1;
        long id;
        try {
            id = Long.parseLong(t, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
        return id >= 1 && id <= vcpus.size() ? (int) id - 1 : -1;
    }

    private String query(String a) throws GuestMemory.Fault {
        if (a.startsWith("Supported")) return "PacketSize=" + Integer.toHexString(RspFramer.MAX_PAYLOAD) + ";qXfer:features:read+;QStartNoAckMode+";
        if (a.equals("Attached")) return "1";
        if (a.equals("C")) return "QC" + Integer.toHexString(gThread + 1);
        if (a.equals("fThreadInfo")) {
            StringBuilder sb = new StringBuilder("m");
            for (int i = 0; i < vcpus.size(); i++) sb.append(i == 0 ? "" : ",").append(Integer.toHexString(i + 1));
            return sb.toString();
        }
        if (a.equals("sThreadInfo")) return "l";
        if (a.startsWith("ThreadExtraInfo,")) {
            int i = threadIndex(a.substring(16));
            if (i < 0) return "E01";
            Vcpu v = vcpus.get(i);
            return HexFormat.of().formatHex(("vcpu" + i + " " + v.readRegisters().mode()).getBytes(StandardCharsets.US_ASCII));
        }
        if (a.startsWith("Xfer:features:read:")) return features(a.substring(19));
        if (a.startsWith("Rcmd,")) return monitor(new String(HexFormat.of().parseHex(a.substring(5)), StandardCharsets.ISO_8859_1).trim());
        if (a.equals("Symbol::")) return "OK";
        return "";
    }

    private String set(String a) {
        if (a.equals("StartNoAckMode")) return "OK";
        if (a.startsWith("qemu.PhyMemMode:")) {
            physical = parseInt(a.substring(16)) != 0;
            return "OK";
        }
        return "";
    }

    /** qXfer:features:read:ANNEX:OFFSET,LENGTH. */
    private String features(String a) {
        int colon = a.indexOf(':');
        if (colon < 0) return "E01";
        if (!a.substring(0, colon).equals("target.xml")) return "E00";
        String[] ol = a.substring(colon + 1).split(",", -1);
        if (ol.length != 2) return "E01";
        int offset = parseInt(ol[0]), length = parseInt(ol[1]);
        byte[] xml = target.xml().getBytes(StandardCharsets.US_ASCII);
        if (offset >= xml.length) return "l";
        int n = Math.min(length, Math.min(xml.length - offset, RspFramer.MAX_PAYLOAD / 2));
        return (offset + n >= xml.length ? "l" : "m") + escapeBinary(xml, offset, n);
    }

    /** gdb's {@code monitor} command: a few words of our own. */
    private String monitor(String command) {
        String text = switch (command) {
            case "phys" -> {
                physical = true;
                yield "memory accesses now take physical addresses\n";
            }
            case "virt" -> {
                physical = false;
                yield "memory accesses now take virtual addresses (the thread's current translation regime)\n";
            }
            case "help", "" -> "monitor phys | virt: physical or virtual addresses for memory accesses\n";
            default -> "unknown monitor command '" + command + "' (monitor help)\n";
        };
        send("O" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.ISO_8859_1)));
        return "OK";
    }

    private String breakpoint(boolean insert, String a) {
        String[] f = a.split(",", -1);
        if (f.length < 3) return "E01";
        int type = parseInt(f[0]);
        int address = (int) parseAddress(f[1]);
        int kind = parseInt(f[2].contains(";") ? f[2].substring(0, f[2].indexOf(';')) : f[2]);
        List<VcpuDebug> all = new ArrayList<>();
        for (int i = 0; i < vcpus.size(); i++) {
            VcpuDebug d = debug(i);
            if (d == null) return "";
            all.add(d);
        }
        switch (type) {
            case 0, 1 -> all.forEach(d -> {
                if (insert) d.insertBreakpoint(address);
                else d.removeBreakpoint(address);
            });
            case 2, 3, 4 -> {
                if (kind < 1 || kind > 4096) return "E01";
                Watchpoint w = new Watchpoint(address, kind, type == 2 ? WatchKind.WRITE : type == 3 ? WatchKind.READ : WatchKind.ACCESS);
                all.forEach(d -> {
                    if (insert) d.insertWatchpoint(w);
                    else d.removeWatchpoint(w);
                });
            }
            default -> { return ""; }
        }
        return "OK";
    }

    private String detach() {
        for (Vcpu v : vcpus) v.debug().ifPresent(VcpuDebug::clearDebug);
        send("OK");
        ended = true;
        return null;
    }

    private String kill() {
        machine.requestPowerOff("gdb: kill");
        killed = true;
        ended = true;
        return null;
    }

    // ---- registers

    private String readGeneralRegisters() {
        ArmCoreRegisters r = vcpus.get(gThread).readRegisters();
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < G_REGISTERS; n++) sb.append(le(coreValue(r, n), 4));
        return sb.toString();
    }

    private String writeGeneralRegisters(String hex) {
        if (hex.length() < G_REGISTERS * 8) return "E01";
        Vcpu v = vcpus.get(gThread);
        ArmCoreRegisters r = v.readRegisters();
        // cpsr first: the mode it sets chooses which banked sp and lr the others go to
        r = withCore(r, TargetDescription.CPSR, (int) parseLe(hex.substring(TargetDescription.CPSR * 8, TargetDescription.CPSR * 8 + 8)));
        for (int n = 0; n < TargetDescription.CPSR; n++) r = withCore(r, n, (int) parseLe(hex.substring(n * 8, n * 8 + 8)));
        v.writeRegisters(r);
        return "OK";
    }

    private static int coreValue(ArmCoreRegisters r, int n) {
        return n == TargetDescription.CPSR ? r.get(CoreReg.CPSR) : r.current(n);
    }

    private static ArmCoreRegisters withCore(ArmCoreRegisters r, int n, int value) {
        if (n == TargetDescription.CPSR) {
            if (CpuMode.fromBits(value) == null) throw new IllegalArgumentException(String.format("cpsr 0x%08x: no such mode", value));
            return r.with(CoreReg.CPSR, value);
        }
        return r.with(CoreReg.banked(r.mode(), n), value);
    }

    private String readRegister(int n) {
        int size = target.size(n);
        if (size == 0) return "E01";
        if (n <= TargetDescription.CPSR) return le(coreValue(vcpus.get(gThread).readRegisters(), n), 4);
        VcpuDebug d = debug(gThread);
        if (d == null) return "x".repeat(size * 2); // unavailable
        if (n < TargetDescription.FPSCR) return le(d.readD(n - TargetDescription.D0), 8);
        if (n == TargetDescription.FPSCR) return le(d.readFpscr(), 4);
        CpReg r = target.systemRegister(n);
        return le(d.readSystemRegister(r), size);
    }

    private String writeRegister(String a) {
        int eq = a.indexOf('=');
        if (eq < 0) return "E01";
        int n = parseInt(a.substring(0, eq));
        int size = target.size(n);
        String hex = a.substring(eq + 1);
        if (size == 0 || hex.length() != size * 2) return "E01";
        long value = parseLe(hex);
        if (n <= TargetDescription.CPSR) {
            Vcpu v = vcpus.get(gThread);
            v.writeRegisters(withCore(v.readRegisters(), n, (int) value));
            return "OK";
        }
        VcpuDebug d = debug(gThread);
        if (d == null) return "E01";
        if (n < TargetDescription.FPSCR) d.writeD(n - TargetDescription.D0, value);
        else if (n == TargetDescription.FPSCR) d.writeFpscr((int) value);
        else d.writeSystemRegister(target.systemRegister(n), value);
        return "OK";
    }

    // ---- memory

    private VcpuDebug memoryView() {
        if (physical) return null;
        VcpuDebug d = debug(gThread);
        if (d == null) throw new IllegalArgumentException("no virtual address translation on this accelerator");
        return d;
    }

    private String readMemory(String a) throws GuestMemory.Fault {
        String[] f = a.split(",", -1);
        if (f.length != 2) return "E01";
        long address = parseAddress(f[0]);
        int length = parseInt(f[1]);
        if (length > RspFramer.MAX_PAYLOAD / 2) return "E01";
        return HexFormat.of().formatHex(memory.read(memoryView(), address, length));
    }

    /** M addr,length:hex or X addr,length:binary. */
    private String writeMemory(String a, boolean binary) throws GuestMemory.Fault {
        int colon = a.indexOf(':');
        if (colon < 0) return "E01";
        String[] f = a.substring(0, colon).split(",", -1);
        if (f.length != 2) return "E01";
        long address = parseAddress(f[0]);
        int length = parseInt(f[1]);
        String data = a.substring(colon + 1);
        byte[] bytes = binary ? unescapeBinary(data) : HexFormat.of().parseHex(data);
        if (bytes.length != length) return "E01";
        if (length > 0) memory.write(memoryView(), address, bytes);
        return "OK";
    }

    // ---- encodings

    /** A hex number of at most 8 digits (register numbers, lengths, kinds, signals). */
    private static int parseInt(String s) {
        if (s.isEmpty() || s.length() > 8) throw new IllegalArgumentException("number '" + abbreviate(s) + "'");
        long v = Long.parseLong(s, 16); // NumberFormatException is an IllegalArgumentException
        if (v < 0 || v > Integer.MAX_VALUE) throw new IllegalArgumentException("number " + s + " out of range");
        return (int) v;
    }

    /** An address: up to 40 bits (physical addresses under LPAE), as gdb sends it in hex. */
    private static long parseAddress(String s) {
        if (s.isEmpty() || s.length() > 16) throw new IllegalArgumentException("address '" + abbreviate(s) + "'");
        long v = Long.parseUnsignedLong(s, 16);
        if (v < 0 || v >= 1L << 40) throw new IllegalArgumentException("address " + s + " out of range");
        return v;
    }

    /** A value in target byte order (little-endian), {@code size} bytes. */
    private static String le(long value, int size) {
        StringBuilder sb = new StringBuilder(size * 2);
        for (int i = 0; i < size; i++) sb.append(hex2((int) (value >>> (8 * i)) & 0xff));
        return sb.toString();
    }

    private static long parseLe(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        if (b.length > 8) throw new IllegalArgumentException("value longer than 8 bytes");
        long v = 0;
        for (int i = b.length - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    private static String hex2(int b) { return Character.toString(Character.forDigit(b >> 4 & 0xf, 16)) + Character.forDigit(b & 0xf, 16); }

    /** Binary data in a reply: '#', '$', '}' and '*' are sent as '}' and the byte XOR 0x20. */
    private static String escapeBinary(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            if (c == '#' || c == '$' || c == '}' || c == '*') sb.append('}').append((char) (c ^ 0x20));
            else sb.append((char) c);
        }
        return sb.toString();
    }

    private static byte[] unescapeBinary(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (c == '}') {
                if (++i == s.length()) throw new IllegalArgumentException("escape at the end of binary data");
                c = s.charAt(i) ^ 0x20;
            }
            out.write(c);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }

    // ---- output

    private void send(String payload) {
        lastReply = RspFramer.frame(payload.getBytes(StandardCharsets.ISO_8859_1));
        sendRaw(lastReply);
    }

    private void sendRaw(byte[] b) {
        try {
            out.write(b);
            out.flush();
        } catch (IOException e) {
            log.debug("gdb connection: {}", e.toString());
            events.add(new Event.Disconnected());
        }
    }
}
