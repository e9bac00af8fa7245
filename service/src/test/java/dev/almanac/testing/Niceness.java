package dev.almanac.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The operating system's scheduling priority of the calling thread, as the kernel reports it (Linux). */
public final class Niceness {
    private Niceness() {}

    /** Field 19 of {@code /proc/thread-self/stat}; the name (field 2) is in parentheses and may hold spaces. */
    public static int ofCurrentThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(afterName[16]); // afterName[0] is field 3
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
