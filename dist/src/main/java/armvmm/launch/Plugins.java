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

    public static Board board(String name) {
        List<Board> all = boards();
        return all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() -> new VmmException(
                "unknown board '" + name + "' (available: " + names(all.stream().map(Board::name).toList()) + ")"));
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
