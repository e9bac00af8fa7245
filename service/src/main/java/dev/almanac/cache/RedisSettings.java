package dev.almanac.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.redis.*} ({@code ALMANAC_REDIS_URL}, e.g. {@code redis://127.0.0.1:6379/0}). Without
 * a URL there is no Redis: caches are in process only and limits are counted per instance.
 * {@code timeout} is short on purpose: a slow Redis must cost a request little before we give up on it
 * and answer from the database. {@code prefix} starts every key and channel, so that several
 * deployments (or test runs) can share one Redis.
 *
 * @param url Redis for the second cache level, invalidation and shared limits, e.g. redis://127.0.0.1:6379/0; unset: none
 * @param timeout a Redis command slower than this is given up and the database answers
 * @param checkInterval how often an unavailable Redis is tried again
 * @param prefix start of every key and channel, so deployments can share one Redis
 */
@ConfigurationProperties("almanac.redis")
record RedisSettings(
        String url,
        @DefaultValue("250ms") Duration timeout,
        @DefaultValue("1s") Duration checkInterval,
        @DefaultValue("almanac:") String prefix) {

    boolean configured() {
        return url != null && !url.isBlank();
    }
}
