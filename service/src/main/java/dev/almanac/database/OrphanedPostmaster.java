package dev.almanac.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after a JVM that died without stopping its embedded PostgreSQL (kill -9, OOM kill).
 *
 * <p>pg_ctl starts the postmaster as a daemon, so it outlives the JVM and keeps the data directory
 * (and {@code postmaster.pid}). zonky holds an OS file lock on {@code epg-lock} while its JVM lives;
 * if we can take that lock, whoever started the postmaster is gone and the postmaster is an orphan.
 * We ask it for a fast shutdown (SIGINT: committed data is safe, open transactions roll back).
 */
final class OrphanedPostmaster {
    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private OrphanedPostmaster() {}

    static void stopIfPresent(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve(ZONKY_LOCK_FILE),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new IllegalStateException("The data directory " + dataDir.toAbsolutePath()
                        + " is in use by another running Almanac process. Stop it, or set ALMANAC_DATA_DIR to another directory.");
            }
            long pid = readPid(pidFile);
            if (pid > 0 && isPostmasterOf(pid, dataDir)) {
                log.warn("Found PostgreSQL (pid {}) left running by a previous Almanac process; stopping it", pid);
                stop(pid, dataDir, pidFile);
            } else {
                log.warn("Removing stale {} (pid {} is not a PostgreSQL running in this directory)", pidFile, pid);
                Files.deleteIfExists(pidFile);
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very JVM holds it: the server is ours and alive
        }
    }

    private static long readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Why the working directory: after a reboot or a container restart the pid in a stale
     * {@code postmaster.pid} may belong to any process, even another PostgreSQL cluster, and a name
     * check would signal it. Every PostgreSQL process changes into its data directory at start.
     */
    private static boolean isPostmasterOf(long pid, Path dataDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    && Files.readString(proc.resolve("cmdline")).contains("postgres")
                    && Files.isSameFile(proc.resolve("cwd"), dataDir);
        } catch (IOException e) {
            return false; // gone, a zombie, or another user's process: in no case ours
        }
    }

    private static void stop(long pid, Path dataDir, Path pidFile) throws IOException {
        // SIGINT = fast shutdown; SIGQUIT = immediate (crash recovery on next start); SIGKILL last.
        for (String signal : new String[] {"INT", "QUIT", "KILL"}) {
            signal(pid, signal);
            if (awaitExit(pid, dataDir, pidFile, signal.equals("INT") ? 60 : 15)) {
                if (signal.equals("KILL")) killBackends(dataDir);
                return;
            }
            log.warn("PostgreSQL pid {} did not stop after SIG{}", pid, signal);
        }
        throw new IllegalStateException("Could not stop the orphaned PostgreSQL process " + pid);
    }

    /**
     * A postmaster killed with SIGKILL leaves its backends running, attached to its shared memory,
     * and the next start would refuse with "pre-existing shared memory block is still in use".
     * They are PostgreSQL processes working in this data directory: end them too.
     */
    private static void killBackends(Path dataDir) throws IOException {
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.isAlive() && isPostmasterOf(p.pid(), dataDir)) {
                log.warn("Stopping PostgreSQL backend {} left by the killed postmaster", p.pid());
                signal(p.pid(), "KILL");
            }
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL", e);
        }
    }

    private static boolean awaitExit(long pid, Path dataDir, Path pidFile, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            // A reaped process is gone; a postmaster that shut down cleanly also removes its pid file.
            if (!isPostmasterOf(pid, dataDir) || !Files.exists(pidFile)) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
