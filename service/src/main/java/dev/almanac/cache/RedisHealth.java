package dev.almanac.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code redis}. Redis being away does not make the service DOWN
 * (it answers from the database and limits per instance), so the status stays UP and the details say
 * what is degraded; alert on {@code almanac_redis_available == 0} instead.
 */
@Component("redis")
class RedisHealth implements HealthIndicator {
    private final RedisLink redis;

    RedisHealth(RedisLink redis, io.micrometer.core.instrument.MeterRegistry meters) {
        this.redis = redis;
        io.micrometer.core.instrument.Gauge.builder("almanac.redis.available", redis, r -> r.available() ? 1 : 0)
                .description("1 when Redis is configured and answering, 0 otherwise (caches bypassed, limits per instance)")
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder("almanac.redis.subscribed", redis, r -> r.subscribed() ? 1 : 0)
                .description("1 while the invalidation subscription has not broken since the first-level caches were last cleared")
                .register(meters);
    }

    @Override
    public Health health() {
        if (!redis.configured()) return Health.up().withDetail("configured", false).build();
        var health = Health.up().withDetail("configured", true)
                .withDetail("available", redis.available())
                .withDetail("subscribed", redis.subscribed());
        if (!redis.subscribed()) {
            health.withDetail("degraded", "reads bypass the caches and go to the database; rate limits are counted per instance");
        } else if (!redis.available()) {
            health.withDetail("degraded", "second-level cache skipped, rate limits counted per instance, until Redis answers in time");
        }
        return health.build();
    }
}
