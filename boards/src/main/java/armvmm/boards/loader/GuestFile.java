package armvmm.boards.loader;

import armvmm.error.VmmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a user-named image file whole, refusing an empty one and one larger than it could ever be placed (never reading it first). */
public final class GuestFile {
    private GuestFile() {}

    public static byte[] read(String option, Path file, long maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes)
                throw new VmmException(String.format("%s %s: %d bytes, larger than the %d MiB of guest RAM", option, file, size, maxBytes >> 20));
            // An empty kernel, initrd or tree is a mistake (a wrong path, a failed build), never what was meant: Linux
            // would boot on and fail far from the cause.
            if (size == 0) throw new VmmException(option + " " + file + ": the file is empty");
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VmmException(option + " " + file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** A resource bundled in the jar (the demo guest). */
    public static byte[] resource(String name) {
        try (InputStream in = GuestFile.class.getResourceAsStream(name)) {
            if (in == null) throw new VmmException("the bundled guest " + name + " is missing from this build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new VmmException("cannot read the bundled guest " + name + " (" + e.getMessage() + ")");
        }
    }
}
