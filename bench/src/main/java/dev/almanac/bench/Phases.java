package dev.almanac.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the phases in order and keeps their results; {@code --only=<text>} runs just the phases
 * whose name contains that text (for profiling one path without sitting through the rest).
 */
final class Phases {
    private final String only;
    private final Cpu cpu;
    private final Pgbench pgbench;
    private final List<Load.Result> results = new ArrayList<>();

    Phases(String only, Cpu cpu, Pgbench pgbench) {
        this.only = only;
        this.cpu = cpu;
        this.pgbench = pgbench;
    }

    boolean enabled(String name) {
        return only == null || name.contains(only);
    }

    Load.Result run(String name, int clients, Load.ProbeFactory probes, Duration warmup, Duration measure)
            throws Exception {
        if (!enabled(name)) return null;
        return keep(Load.run(name, clients, probes, warmup, measure, cpu));
    }

    Load.Result pgbench(String name, String script, int clients, Duration warmup, Duration measure) throws Exception {
        if (!enabled(name)) return null;
        return keep(pgbench.run(name, script, clients, warmup, measure, cpu));
    }

    List<Load.Result> results() {
        return results;
    }

    private Load.Result keep(Load.Result r) {
        results.add(r);
        return r;
    }
}
