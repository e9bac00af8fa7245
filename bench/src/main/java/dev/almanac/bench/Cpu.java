package dev.almanac.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the CPU went during a measured window, read from /proc: the service JVM, the embedded
 * PostgreSQL (postmaster, its live backends, and the backends it has already reaped), this harness
 * (including pgbench once waited for), and the whole machine. On a 2-core box the load generator
 * competes with what it measures, so these numbers belong next to the throughput.
 */
final class Cpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ; 100 on every Linux we run on

    record Snapshot(long nanos, long service, long postgres, long harness, long machineBusy) {}

    /** Percent of one core, averaged over the window (200% = both cores of a 2-core machine). */
    record Usage(double service, double postgres, double harness, double machine) {
        static final Usage NONE = new Usage(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final long servicePid;
    private final long postmasterPid;

    Cpu(long servicePid, long postmasterPid) {
        this.servicePid = servicePid;
        this.postmasterPid = postmasterPid;
    }

    Snapshot snapshot() {
        return new Snapshot(System.nanoTime(), ownTicks(servicePid), postgresTicks(), selfTicks(), machineBusyTicks());
    }

    Usage since(Snapshot start) {
        Snapshot end = snapshot();
        return between(start, end, (end.nanos() - start.nanos()) / 1e9);
    }

    /** For windows whose edges are blurred (a child process starting and exiting), over a given length. */
    Usage between(Snapshot start, Snapshot end, double seconds) {
        return new Usage(percent(end.service() - start.service(), seconds),
                percent(end.postgres() - start.postgres(), seconds),
                percent(end.harness() - start.harness(), seconds),
                percent(end.machineBusy() - start.machineBusy(), seconds));
    }

    private static double percent(long ticks, double seconds) {
        return 100.0 * ticks / TICKS_PER_SECOND / seconds;
    }

    private long postgresTicks() {
        long total = ticks(postmasterPid, true);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            total += procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(p -> {
                        String[] f = stat(Long.parseLong(p.getFileName().toString()));
                        return f != null && Long.parseLong(f[1]) == postmasterPid ? sum(f, false) : 0;
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    private static long ownTicks(long pid) {
        return ticks(pid, false);
    }

    private static long selfTicks() {
        return ticks(ProcessHandle.current().pid(), true);
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        String[] f = stat(pid);
        return f == null ? 0 : sum(f, withReapedChildren);
    }

    /** Fields of /proc/pid/stat after the command name, so index 0 is field 3 (state). */
    private static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // the process ended between listing and reading
        }
    }

    private static long sum(String[] f, boolean withReapedChildren) {
        // utime, stime, cutime, cstime are fields 14-17, i.e. indexes 11-14 here; ppid is index 1.
        long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withReapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
    }

    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            // user nice system idle iowait irq softirq steal: busy = all but idle and iowait (guest
            // time, fields 9-10, is already inside user).
            for (int i = 1; i <= 8 && i < f.length; i++) {
                if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException e) {
            return 0;
        }
    }
}
