package armvmm.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the modules and of the core's packages, checked over the compiled main classes of every
 * module on this module's class path: an import that runs back up (a device naming an accelerator, the core
 * reaching the CLI, cp15 reaching the machine) fails here with the offending dependencies listed.
 */
class LayeringTest {
    /** Module, by package prefix: what each may depend on (besides itself and the JDK and libraries). */
    private static final Map<String, Set<String>> MODULES = Map.of(
            "vmm", Set.of(),
            "isa", Set.of("vmm"),
            "devices", Set.of("vmm"),
            "tcg", Set.of("vmm", "isa"),
            "kvm", Set.of("vmm", "isa"),
            "boards", Set.of("vmm", "devices"),
            "launch", Set.of("vmm"),
            "api", Set.of("vmm", "launch"),
            "cli", Set.of("vmm", "launch"));

    /**
     * The core's packages, lowest first: a package may use packages of lower ranks only (and its own).
     * Packages of one rank are siblings and do not use each other.
     */
    private static final Map<String, Integer> CORE_RANKS = Map.ofEntries(
            Map.entry("armvmm.memory", 0), Map.entry("armvmm.time", 0), Map.entry("armvmm.error", 0),
            Map.entry("armvmm.cpu", 0), Map.entry("armvmm.irq", 0),
            Map.entry("armvmm.bus", 1),
            Map.entry("armvmm.fdt", 2), Map.entry("armvmm.chardev", 2), Map.entry("armvmm.trace", 2),
            Map.entry("armvmm.cp15", 3),
            Map.entry("armvmm.cpu.timer", 4),
            Map.entry("armvmm.cpu.cortexa15", 5),
            Map.entry("armvmm.accel", 6),
            Map.entry("armvmm.machine", 7),
            Map.entry("armvmm.board", 8),
            Map.entry("armvmm.debug.gdb", 8), Map.entry("armvmm.snapshot", 8),
            // the monitor drives snapshots and migration (QMP migrate), as QEMU's monitor drives its migration code
            Map.entry("armvmm.monitor.qmp", 9));

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // test classes (test-classes folders, and the test-jars other modules share) may reach across layers
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages("armvmm");
    }

    /** The module a class belongs to, from its package: armvmm.tcg.exec -> tcg; the core's packages -> vmm. */
    private static String module(JavaClass c) {
        String p = c.getPackageName();
        if (CORE_RANKS.containsKey(p)) return "vmm";
        String second = p.startsWith("armvmm.") ? p.substring(7).split("\\.")[0] : p;
        return MODULES.containsKey(second) ? second : null;
    }

    @Test
    void everyModuleAndCorePackageIsKnown() {
        Set<String> unknown = new TreeSet<>();
        for (JavaClass c : classes)
            if (c.getPackageName().startsWith("armvmm.") && !c.getPackageName().startsWith("armvmm.bench") && module(c) == null)
                unknown.add(c.getPackageName());
        assertEquals(Set.of(), unknown, "packages this test does not place in a module or core rank: add them");
        assertTrue(classes.size() > 300, "the main classes of every module were imported (" + classes.size() + ")");
        for (String m : MODULES.keySet())
            assertTrue(classes.stream().anyMatch(c -> m.equals(module(c))), "no class of module " + m + " on the class path");
    }

    @Test
    void noModuleDependsOnOneAboveOrBesideIt() {
        Set<String> wrong = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = module(c);
            if (from == null) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = module(d.getTargetClass());
                if (to != null && !to.equals(from) && !MODULES.get(from).contains(to))
                    wrong.add(from + " -> " + to + ": " + d.getDescription());
            }
        }
        assertEquals(Set.of(), wrong, String.join("\n", wrong));
    }

    @Test
    void noCorePackageUsesOneOfItsRankOrAbove() {
        Set<String> wrong = new TreeSet<>();
        for (JavaClass c : classes) {
            Integer from = CORE_RANKS.get(c.getPackageName());
            if (from == null) continue;
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                Integer to = CORE_RANKS.get(target);
                if (to != null && !target.equals(c.getPackageName()) && to >= from) wrong.add(c.getPackageName() + " -> " + target + ": " + d.getDescription());
            }
        }
        assertEquals(Set.of(), wrong, String.join("\n", wrong));
    }
}
