package dev.almanac.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.almanac.cache.RedisLink;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Token buckets per tenant (Bucket4j). With Redis the bucket lives there, so all instances share one
 * budget per tenant. When Redis is not configured, or not answering, each instance counts alone with
 * a local bucket of the same size: we fail <em>open</em> (a tenant may then get up to N times its rate
 * over N instances) rather than refuse service because the limiter's store is down.
 *
 * <p>Why the limits are part of the key: a changed override then simply starts a fresh bucket,
 * instead of having to rewrite the configuration of a bucket another instance may be using.
 *
 * <p>Why the shared bucket is synchronised lazily: asking Redis on every request put two blocking
 * round trips (read, compare-and-swap) in front of every read the cache answers in microseconds,
 * and under CPU contention each round trip waits for a core twice. Each instance therefore consumes
 * from its copy of the shared bucket and writes back after {@link #UNSYNCED_SHARE} of the burst or
 * {@link #MAX_UNSYNCED_TIME}, whichever comes first (Bucket4j's delaying optimisation). Over N
 * instances a tenant can overrun its burst by at most N × 1 % within 50 ms; a small limit (a burst
 * under 100) is synchronised on every request, so it stays exact.
 */
@Component
class RequestRateLimiter {
    private final RedisLink redis;
    private final Cache<String, Bucket> local = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    /** Share of the burst an instance may consume before writing back to Redis. */
    static final double UNSYNCED_SHARE = 0.01;
    static final Duration MAX_UNSYNCED_TIME = Duration.ofMillis(50);

    /** Bucket4j's optimisations live in the proxy object: it must be kept, not rebuilt per request. */
    private final Cache<String, BucketProxy> sharedProxies = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();
    private final Counter limited;
    private final Counter localDecisions;
    private volatile ProxyManager<byte[]> shared;

    RequestRateLimiter(RedisLink redis, MeterRegistry meters) {
        this.redis = redis;
        this.limited = Counter.builder("almanac.rate.limited").description("Requests refused with 429 by the per-tenant rate limit")
                .register(meters);
        this.localDecisions = Counter.builder("almanac.rate.local.decisions")
                .description("Rate-limit decisions taken by a local bucket because Redis was not available (fail open to a per-instance limit)")
                .register(meters);
    }

    /** Nanoseconds to wait before the next request is allowed; 0 = allowed now (and counted). */
    long tryAcquire(String tenantId, TenantLimits.Effective limits) {
        String key = "rate:" + tenantId + ":" + limits.requestsPerSecond() + ":" + limits.burst();
        ConsumptionProbe probe = null;
        if (redis.configured() && redis.available()) {
            try {
                probe = sharedProxies.get(key, k -> sharedBucket(k, limits)).tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                redis.markUnavailable(e);
            }
        }
        if (probe == null) {
            if (redis.configured()) localDecisions.increment();
            probe = local.get(key, k -> Bucket.builder().addLimit(bandwidth(limits)).build()).tryConsumeAndReturnRemaining(1);
        }
        if (probe.isConsumed()) return 0;
        limited.increment();
        return Math.max(1, probe.getNanosToWaitForRefill());
    }

    private BucketProxy sharedBucket(String key, TenantLimits.Effective limits) {
        var builder = sharedBuckets().builder();
        long unsynced = (long) (limits.burst() * UNSYNCED_SHARE);
        if (unsynced > 0) builder = builder.withOptimization(Optimizations.delaying(new DelayParameters(unsynced, MAX_UNSYNCED_TIME)));
        return builder.build(redis.key(key).getBytes(StandardCharsets.UTF_8), () -> configuration(limits));
    }

    private ProxyManager<byte[]> sharedBuckets() {
        ProxyManager<byte[]> manager = shared;
        if (manager == null) {
            synchronized (this) {
                if (shared == null) {
                    var connection = redis.binaryConnection();
                    if (connection == null) throw new IllegalStateException("Redis is not connected");
                    shared = Bucket4jLettuce.casBasedBuilder(connection)
                            // a bucket idle long enough to be full again is forgotten: no garbage in Redis
                            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                            .build();
                }
                manager = shared;
            }
        }
        return manager;
    }

    private static BucketConfiguration configuration(TenantLimits.Effective limits) {
        return BucketConfiguration.builder().addLimit(bandwidth(limits)).build();
    }

    private static Bandwidth bandwidth(TenantLimits.Effective limits) {
        return Bandwidth.builder()
                .capacity(limits.burst())
                .refillGreedy(limits.requestsPerSecond(), Duration.ofSeconds(1))
                .build();
    }
}
