package dev.almanac.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The embedded PostgreSQL of a data directory, seen from outside the service: the pid its
 * {@code postmaster.pid} records, and every process working in its directory.
 *
 * <p>The postmaster runs as a daemon in a session of its own (pg_ctl calls setsid), so it is not a
 * descendant of the service JVM and survives a SIGKILL of it. Every PostgreSQL process changes into
 * the cluster's directory, which is how stray backends are found once their postmaster is gone.
 */
record Postmaster(long pid) {

    static Path pgDir(Path dataDir) {
        return dataDir.resolve("pg");
    }

    static Path pidFile(Path dataDir) {
        return pgDir(dataDir).resolve("postmaster.pid");
    }

    /** The postmaster {@code postmaster.pid} names, whether or not it still runs. */
    static Optional<Postmaster> recordedIn(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(pidFile(dataDir));
            return lines.isEmpty() ? Optional.empty() : Optional.of(new Postmaster(Long.parseLong(lines.getFirst().trim())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alive and not a zombie waiting for a parent (init may take its time to reap an orphan). */
    boolean isRunning() {
        return isRunning(pid);
    }

    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /** Live processes whose working directory is this data directory's cluster. */
    static List<ProcessHandle> processesIn(Path dataDir) {
        Path pgDir = pgDir(dataDir);
        if (!Files.isDirectory(pgDir)) return List.of();
        return ProcessHandle.allProcesses()
                .filter(p -> isRunning(p.pid()) && worksIn(p.pid(), pgDir))
                .toList();
    }

    private static boolean worksIn(long pid, Path dir) {
        try {
            return Files.isSameFile(Path.of("/proc", Long.toString(pid), "cwd"), dir);
        } catch (IOException | SecurityException e) {
            return false; // gone, or not ours to look at
        }
    }

    /**
     * SIGKILL to the postmaster and then to every process left in the cluster's directory — a crash
     * as hard as a power cut, short of the page cache. The postmaster goes first so that it cannot
     * restart the backends being killed. Only processes working in the directory are touched: the pid
     * in a stale {@code postmaster.pid} may by now belong to anyone.
     */
    static void killEverythingIn(Path dataDir) {
        List<ProcessHandle> inDir = processesIn(dataDir);
        long postmaster = recordedIn(dataDir).map(Postmaster::pid).orElse(-1L);
        inDir.stream().filter(p -> p.pid() == postmaster).forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!inDir.isEmpty()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("could not kill " + inDir);
            inDir.forEach(ProcessHandle::destroyForcibly);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            inDir = processesIn(dataDir);
        }
    }
}
