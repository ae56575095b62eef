package armvmm.monitor.qmp;

import armvmm.accel.Vcpu;
import armvmm.accel.VcpuDebug;
import armvmm.cp15.CpReg;
import armvmm.cpu.ArmCoreRegisters;
import armvmm.cpu.CoreReg;
import armvmm.machine.GuestMemory;
import armvmm.machine.Machine;
import java.util.List;
import java.util.function.Supplier;

/**
 * The few HMP commands {@code human-monitor-command} runs: {@code info registers}, {@code info cp15} (every
 * readable register of the cp15 registry, by its name), {@code info mtree} (the bus), {@code info irq} (the
 * interrupt controller's busy lines), {@code x} and {@code xp} (memory by virtual address through vCPU 0,
 * or physical). Looking at vCPU state pauses a running machine for the moment of the look.
 */
final class HumanMonitor {
    private final Machine machine;
    private final GuestMemory memory;

    HumanMonitor(Machine machine) {
        this.machine = machine;
        this.memory = new GuestMemory(machine.bus());
    }

    /** The command's output; an unknown or malformed command is a line saying so (as HMP answers). */
    String execute(String commandLine) {
        String[] w = commandLine.trim().split("\\s+");
        String cmd = w[0];
        if (cmd.equals("info") && w.length >= 2) {
            return switch (w[1]) {
                case "registers" -> paused(this::registers);
                case "cp15" -> paused(this::cp15);
                case "mtree" -> machine.bus().mtree();
                case "irq" -> irq();
                case "status" -> "VM status: " + (machine.state() == Machine.State.PAUSED ? "paused" : "running") + "\n";
                default -> "info " + w[1] + ": not supported (info registers, cp15, mtree, irq, status)\n";
            };
        }
        if (cmd.equals("x") || cmd.equals("xp")) return paused(() -> examine(cmd.equals("xp"), w));
        if (cmd.isEmpty() || cmd.equals("help")) return "info registers | info cp15 | info mtree | info irq | info status | x /NFU ADDR | xp /NFU ADDR\n";
        return "unknown command: '" + cmd + "'\n";
    }

    /** Runs {@code look} with the vCPUs paused, resuming them afterwards if they were running. */
    private String paused(Supplier<String> look) {
        synchronized (machine) {
            boolean wasRunning = machine.state() != Machine.State.PAUSED;
            if (wasRunning) machine.pause();
            try {
                return look.get();
            } finally {
                if (wasRunning) machine.resume();
            }
        }
    }

    private String registers() {
        StringBuilder sb = new StringBuilder();
        for (Vcpu v : machine.vcpus()) {
            ArmCoreRegisters r = v.readRegisters();
            sb.append("CPU#").append(v.index()).append(' ').append(v.state()).append('\n');
            for (int n = 0; n < 16; n++)
                sb.append(String.format("R%02d=%08x%s", n, r.current(n), n % 4 == 3 ? "\n" : " "));
            int cpsr = r.get(CoreReg.CPSR);
            sb.append(String.format("PSR=%08x %c%c%c%c %s %s%n", cpsr, (cpsr & 1 << 31) != 0 ? 'N' : '-', (cpsr & 1 << 30) != 0 ? 'Z' : '-',
                    (cpsr & 1 << 29) != 0 ? 'C' : '-', (cpsr & 1 << 28) != 0 ? 'V' : '-', (cpsr & 1 << 5) != 0 ? "T" : "A",
                    r.mode().name().toLowerCase() + "32"));
        }
        return sb.toString();
    }

    private String cp15() {
        StringBuilder sb = new StringBuilder();
        for (Vcpu v : machine.vcpus()) {
            sb.append("CPU#").append(v.index()).append('\n');
            VcpuDebug d = v.debug().orElse(null);
            if (d == null) {
                sb.append("  (this accelerator does not show its cp15 state)\n");
                continue;
            }
            for (CpReg r : d.systemRegisters())
                sb.append(String.format("  %-12s %-22s = 0x%0" + r.width() / 4 + "x%n", r.name(), r.encoding(), d.readSystemRegister(r)));
        }
        return sb.toString();
    }

    private String irq() {
        List<String> lines = machine.interruptController().describeLines();
        if (lines.isEmpty()) return "no interrupt line is enabled, pending or active (or the controller cannot tell)\n";
        return String.join("\n", lines) + "\n";
    }

    /** x /NFU ADDR (N count, F format x|d|u, U unit b|h|w|g), as HMP: default /1xw. */
    private String examine(boolean physical, String[] w) {
        int count = 1, unit = 4;
        char format = 'x';
        int a = 1;
        if (w.length > a && w[a].startsWith("/")) {
            String f = w[a++].substring(1);
            int k = 0;
            while (k < f.length() && Character.isDigit(f.charAt(k))) k++;
            if (k > 0) count = Integer.parseInt(f.substring(0, Math.min(k, 6)));
            for (char c : f.substring(k).toCharArray()) {
                switch (c) {
                    case 'x', 'd', 'u' -> format = c;
                    case 'b' -> unit = 1;
                    case 'h' -> unit = 2;
                    case 'w' -> unit = 4;
                    case 'g' -> unit = 8;
                    default -> { return "x: format '" + c + "' not supported (x, d, u; b, h, w, g)\n"; }
                }
            }
        }
        if (w.length != a + 1) return (physical ? "xp" : "x") + ": usage: " + (physical ? "xp" : "x") + " /NFU ADDR\n";
        if (count < 1 || count > 4096) return "x: count must be 1 to 4096\n";
        long address;
        try {
            String t = w[a].startsWith("0x") ? w[a].substring(2) : w[a];
            address = Long.parseUnsignedLong(t, w[a].startsWith("0x") ? 16 : 10);
        } catch (NumberFormatException e) {
            return "x: bad address '" + w[a] + "'\n";
        }
        VcpuDebug via = null;
        if (!physical) {
            via = machine.vcpus().get(0).debug().orElse(null);
            if (via == null) return "x: no virtual address translation on this accelerator; use xp\n";
        }
        byte[] b;
        try {
            b = memory.read(via, address, count * unit);
        } catch (GuestMemory.Fault e) {
            return "Cannot access memory: " + e.getMessage() + "\n";
        }
        StringBuilder sb = new StringBuilder();
        int perLine = Math.max(1, 16 / unit);
        for (int i = 0; i < count; i++) {
            if (i % perLine == 0) sb.append(i == 0 ? "" : "\n").append(String.format(physical ? "%016x:" : "%08x:", address + (long) i * unit));
            long v = 0;
            for (int k = unit - 1; k >= 0; k--) v = v << 8 | (b[i * unit + k] & 0xff);
            sb.append(' ').append(switch (format) {
                case 'd' -> Long.toString(unit == 8 ? v : (v << (64 - 8 * unit)) >> (64 - 8 * unit));
                case 'u' -> Long.toUnsignedString(v);
                default -> String.format("0x%0" + unit * 2 + "x", v);
            });
        }
        return sb.append('\n').toString();
    }
}
