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
        // the rate is part of the key: changing it starts a fresh bucket instead of reusing a stale configuration
        String key = provider + ":" + perMinute + "/min";
        var bucket = buckets.builder().build(key, () -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
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
        String key = provider + ":" + perMinute + "/min";
        return buckets.builder().build(key, () -> BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                        .build())
                .tryConsume(1);
    }
}
