package dev.almanac.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.almanac.cache.RedisLink;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
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
 */
@Component
class RequestRateLimiter {
    private final RedisLink redis;
    private final Cache<String, Bucket> local = Caffeine.newBuilder()
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
                probe = sharedBuckets().builder()
                        .build(redis.key(key).getBytes(StandardCharsets.UTF_8), () -> configuration(limits))
                        .tryConsumeAndReturnRemaining(1);
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
