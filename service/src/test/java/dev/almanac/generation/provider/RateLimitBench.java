package dev.almanac.generation.provider;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared provider rate limit under contention (bench/generation/ratelimit.sh): two limiter
 * "instances", each with its own connection pool and {@code threads} threads, ask for tokens of one
 * provider on one PostgreSQL for {@code seconds}. The limit holds when the tokens granted in total
 * stay within capacity + refill (R + R × seconds / 60), however many were asked for.
 *
 * <pre>RateLimitBench &lt;jdbc-url&gt; &lt;user&gt; &lt;rate/min&gt; &lt;seconds&gt; &lt;threads per instance&gt; &lt;pause ms&gt; &lt;report&gt;</pre>
 */
public final class RateLimitBench {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        long pauseMillis = Long.parseLong(args[5]);
        Path report = Path.of(args[6]);

        String schema = "ratelimit_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
            c.createStatement().execute("CREATE TABLE " + schema + ".ai_rate_limits (id VARCHAR(128) PRIMARY KEY, state BYTEA)");
        }
        List<HikariDataSource> pools = new ArrayList<>();
        try {
            String provider = "bench-provider";
            AtomicInteger[] attempts = {new AtomicInteger(), new AtomicInteger()};
            AtomicInteger[] granted = {new AtomicInteger(), new AtomicInteger()};
            List<long[]> latencies = new ArrayList<>();
            List<Thread> workers = new ArrayList<>();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            Instant started = Instant.now();
            for (int instance = 0; instance < 2; instance++) {
                HikariDataSource pool = new HikariDataSource();
                pool.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
                pool.setUsername(user);
                pool.setMaximumPoolSize(threads);
                pools.add(pool);
                ProviderRateLimits limits = new ProviderRateLimits(pool);
                int i = instance;
                for (int t = 0; t < threads; t++) {
                    long[] samples = new long[1_000_000];
                    latencies.add(samples);
                    workers.add(Thread.ofPlatform().start(() -> {
                        int n = 0;
                        while (System.nanoTime() < deadline) {
                            long s = System.nanoTime();
                            boolean ok = limits.tryAcquire(provider, rate);
                            if (n < samples.length) samples[n++] = System.nanoTime() - s;
                            attempts[i].incrementAndGet();
                            if (ok) granted[i].incrementAndGet();
                            try {
                                Thread.sleep(pauseMillis);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }));
                }
            }
            for (Thread w : workers) w.join();
            double elapsed = java.time.Duration.between(started, Instant.now()).toMillis() / 1000.0;
            long[] all = latencies.stream().flatMapToLong(a -> Arrays.stream(a).filter(v -> v > 0)).sorted().toArray();
            int total = granted[0].get() + granted[1].get();
            double allowed = rate + rate * elapsed / 60.0;
            String out = """
                    | setting | value |
                    |---|---|
                    | rate limit | %d / min (capacity %d, greedy refill) |
                    | window | %.1f s |
                    | instances × threads | 2 × %d, %d ms pause between attempts |
                    | attempts (instance A / B) | %d / %d |
                    | granted (instance A / B) | %d / %d |
                    | granted in total | **%d** |
                    | most the limit allows in the window | %.1f |
                    | over the limit | %s |
                    | tryAcquire latency p50 / p99 / max | %.1f / %.1f / %.1f ms |
                    """.formatted(rate, rate, elapsed, threads, pauseMillis, attempts[0].get(), attempts[1].get(),
                    granted[0].get(), granted[1].get(), total, allowed, total > Math.floor(allowed) ? "YES" : "no",
                    pct(all, 0.5), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
            System.out.println(out);
            Files.writeString(report, out);
        } finally {
            pools.forEach(HikariDataSource::close);
            try (Connection c = DriverManager.getConnection(url, user, "")) {
                c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
