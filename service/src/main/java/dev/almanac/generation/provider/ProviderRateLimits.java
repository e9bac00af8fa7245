package dev.almanac.generation.provider;

import dev.almanac.generation.provider.ProviderFailure.Kind;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * One token bucket per provider in PostgreSQL (table {@code ai_rate_limits}), so every instance on
 * the database draws from the same budget: N requests per minute in total, not per instance. Bucket4j
 * takes a token under {@code SELECT … FOR UPDATE} on the provider's row. A caller waits for a token
 * at most {@code maxWait} (Bucket4j reserves it, so waiters are served in order); past that the
 * provider counts as throttled and the chain moves on without calling it.
 *
 * <p>Tokens are spaced evenly, with no burst: a bucket of capacity N refilling N a minute let 2N
 * calls into the first minute (measured by bench/generation/jobs-rate.sh), and a provider that
 * enforces "N per minute" over any 60 seconds answers that with 429s. One token every 60/N seconds
 * (plus 50 ms against clock jitter between us and the provider) never puts N + 1 calls in a minute.
 */
final class ProviderRateLimits {
    private final ProxyManager<String> buckets;

    ProviderRateLimits(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("ai_rate_limits")
                .idColumn("id")
                .stateColumn("state")
                .build();
    }

    /** @throws ProviderFailure {@link Kind#THROTTLED} when no token frees up within {@code maxWait} */
    void acquire(String provider, int perMinute, Duration maxWait) {
        var bucket = buckets.builder().build(key(provider, perMinute), () -> configuration(perMinute));
        boolean granted;
        try {
            granted = bucket.asBlocking().tryConsume(1, maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            granted = false;
        }
        if (!granted) {
            throw new ProviderFailure(Kind.THROTTLED, "rate limit of " + perMinute + "/min reached (shared by all instances)");
        }
    }

    /** Non-blocking: true when a token was free right now (for the benchmark and tests). */
    boolean tryAcquire(String provider, int perMinute) {
        return buckets.builder().build(key(provider, perMinute), () -> configuration(perMinute)).tryConsume(1);
    }

    /** The rate and the shape are part of the key: a changed configuration starts a fresh bucket. */
    private static String key(String provider, int perMinute) {
        return provider + ":" + perMinute + "/min:even";
    }

    static Duration spacing(int perMinute) {
        return Duration.ofMillis(60_000 / perMinute + 50);
    }

    private static BucketConfiguration configuration(int perMinute) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, spacing(perMinute)))
                .build();
    }
}
