package armvmm.launch;

import armvmm.accel.Accelerator;
import armvmm.board.Board;
import armvmm.error.VmmException;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Boards and accelerators present on the class path, found at run time. */
public final class Plugins {
    private Plugins() {}

    public static List<Board> boards() {
        return ServiceLoader.load(Board.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Board::name)).toList();
    }

    public static List<Accelerator> accelerators() {
        return ServiceLoader.load(Accelerator.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Accelerator::autoPreference).reversed()).toList();
    }

    /** The board {@code spec} names, {@code NAME[,KEY=VALUE]...}, configured with its options. */
    public static Board board(String spec) {
        String[] parts = spec.split(",", -1);
        String name = parts[0];
        List<Board> all = boards();
        Board b = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new VmmException(
                "unknown board '" + name + "' (available: " + names(all.stream().map(Board::name).toList()) + ")"));
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) throw new VmmException("--board " + spec + ": '" + parts[i] + "' is not KEY=VALUE");
            if (options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1)) != null)
                throw new VmmException("--board " + spec + ": '" + parts[i].substring(0, eq) + "' given twice");
        }
        return options.isEmpty() ? b : b.withOptions(options);
    }

    public static Accelerator accelerator(String name) {
        List<Accelerator> all = accelerators();
        return all.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new VmmException(
                "unknown accelerator '" + name + "' (available: auto, " + names(all.stream().map(Accelerator::name).toList()) + ")"));
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "none on the class path" : names.stream().collect(Collectors.joining(", "));
    }
}
