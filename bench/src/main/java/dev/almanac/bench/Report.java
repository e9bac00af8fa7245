package dev.almanac.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The markdown the run prints: one table of all phases, the ratios against the targets, the plans. */
final class Report {
    private final StringBuilder out = new StringBuilder();
    private final List<Load.Result> results = new ArrayList<>();

    void add(Load.Result r) {
        results.add(r);
    }

    Report line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
        return this;
    }

    Report table() {
        line("| phase | clients | requests | req/s | p50 ms | p95 ms | p99 ms | p99.9 ms | max ms | errors | CPU %% service / postgres / harness / machine |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Load.Result r : results) {
            line("| %s | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %s |", r.name(), r.clients(),
                    r.requests(), r.perSecond(), r.percentileMillis(50), r.percentileMillis(95),
                    r.percentileMillis(99), r.percentileMillis(99.9), r.latencyMicros().getMaxValue() / 1000.0,
                    r.errors(), cpu(r.cpu()));
        }
        return line("");
    }

    /** One ratio line: API throughput over the baseline's, and the p99 target. */
    Report ratio(Load.Result api, Load.Result baseline, double minRatio, double maxP99Millis) {
        if (api == null || baseline == null) return this;
        double ratio = api.perSecond() / baseline.perSecond();
        double p99 = api.percentileMillis(99);
        return line("| %s vs %s | %.3f | %s | %.2f ms | %s |", api.name(), baseline.name(), ratio,
                ratio >= minRatio ? "met (>= " + minRatio + ")" : "**missed** (< " + minRatio + ")", p99,
                p99 < maxP99Millis ? "met (< " + maxP99Millis + " ms)" : "**missed** (>= " + maxP99Millis + " ms)");
    }

    Report ratioHeader() {
        line("| comparison | throughput ratio API/raw | target 0.3 | API p99 | target p99 < 10 ms |");
        return line("|---|---:|---|---:|---|");
    }

    Report code(String text) {
        return line("```").line("%s", text.stripTrailing()).line("```").line("");
    }

    private static String cpu(Cpu.Usage u) {
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", u.service(), u.postgres(), u.harness(), u.machine());
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
