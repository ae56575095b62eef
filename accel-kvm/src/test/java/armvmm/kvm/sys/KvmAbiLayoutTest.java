package armvmm.kvm.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every constant of {@link KvmAbi} (ioctl numbers, capabilities, exit reasons, struct sizes and offsets)
 * against the host's {@code <linux/kvm.h>}: a C program compiled here prints them, this test compares.
 */
class KvmAbiLayoutTest {
    /** Constants whose structs exist only in the other architecture's headers. */
    private static final Set<String> X86_ONLY = Set.of("SIZEOF_KVM_REGS_X86", "SIZEOF_KVM_SREGS_X86",
            "KVM_GET_REGS", "KVM_SET_REGS", "KVM_GET_SREGS", "KVM_SET_SREGS");
    private static final Set<String> ARM_ONLY = Set.of("SIZEOF_KVM_VCPU_INIT", "KVM_ARM_VCPU_INIT", "KVM_ARM_PREFERRED_TARGET");

    @TempDir
    Path dir;

    @Test
    void javaConstantsMatchTheKernelHeaders() throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/include/linux/kvm.h")), "no <linux/kvm.h> here (install linux-libc-dev)");
        Path src = dir.resolve("kvm_abi_layout.c");
        try (InputStream in = getClass().getResourceAsStream("kvm_abi_layout.c")) {
            Files.copy(in, src);
        }
        Path exe = dir.resolve("kvm_abi_layout");
        String cc = run(List.of("cc", "-Wall", "-Werror", "-o", exe.toString(), src.toString()), true);
        assumeTrue(cc != null, "no C compiler (cc) here");
        String out = run(List.of(exe.toString()), false);

        Map<String, Long> fromC = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            fromC.put(f[0], Long.parseUnsignedLong(f[1]));
        }
        Map<String, Long> fromJava = javaConstants();
        List<String> wrong = new ArrayList<>();
        for (var e : fromC.entrySet()) {
            Long j = fromJava.get(e.getKey());
            if (j == null) wrong.add(e.getKey() + ": in the headers' list but not in KvmAbi");
            else if (j.longValue() != e.getValue()) wrong.add(e.getKey() + ": KvmAbi has " + j + ", <linux/kvm.h> " + e.getValue());
        }
        assertEquals(List.of(), wrong);

        boolean x86 = fromC.containsKey("SIZEOF_KVM_REGS_X86");
        Set<String> unchecked = new TreeSet<>(fromJava.keySet());
        unchecked.removeAll(fromC.keySet());
        unchecked.removeIf(n -> x86 ? isArmOnly(n) : isX86Only(n));
        assertEquals(Set.of(), unchecked, "KvmAbi constants the C program does not print");
        assertTrue(fromC.size() > 100, "the C program printed only " + fromC.size() + " constants");
    }

    private static boolean isArmOnly(String n) { return ARM_ONLY.contains(n) || n.startsWith("VcpuInit."); }

    private static boolean isX86Only(String n) { return X86_ONLY.contains(n) || n.startsWith("X86Regs.") || n.startsWith("X86Sregs."); }

    /** "NAME" for KvmAbi's own constants, "Nested.NAME" for those of its nested classes. */
    private static Map<String, Long> javaConstants() throws IllegalAccessException {
        Map<String, Long> m = new TreeMap<>();
        collect(KvmAbi.class, "", m);
        for (Class<?> c : KvmAbi.class.getDeclaredClasses()) collect(c, c.getSimpleName() + ".", m);
        return m;
    }

    private static void collect(Class<?> c, String prefix, Map<String, Long> into) throws IllegalAccessException {
        for (Field f : c.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (!Modifier.isStatic(mod) || !Modifier.isFinal(mod) || !Modifier.isPublic(mod)) continue;
            if (f.getType() == int.class) into.put(prefix + f.getName(), (long) f.getInt(null));
            else if (f.getType() == long.class) into.put(prefix + f.getName(), f.getLong(null));
        }
    }

    /** Runs a command; its stdout, or null when {@code mayBeAbsent} and the program does not exist. */
    private String run(List<String> cmd, boolean mayBeAbsent) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (mayBeAbsent) return null;
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), cmd.get(0) + " did not finish");
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
        return out;
    }
}
