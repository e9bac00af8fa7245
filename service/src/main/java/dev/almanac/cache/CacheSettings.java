package dev.almanac.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.cache.*}. The first level (in process) keeps an entry at most {@code localTtl},
 * capped at five minutes as the seed asks; the second level (Redis, when configured) keeps it
 * {@code remoteTtl}. {@code enabled=false} sends every read to the database (for comparisons).
 * {@code tombstone} is how long an invalidated key refuses to be filled again in Redis: longer than
 * any database read that may have started before the write committed.
 *
 * @param enabled false: every read goes to the database
 * @param localTtl how long the in-process level keeps an entry (at most 5 minutes)
 * @param localSize entries the in-process level keeps
 * @param remoteTtl how long Redis keeps an entry
 * @param tombstone how long an invalidated key refuses to be filled again in Redis
 */
@ConfigurationProperties("almanac.cache")
record CacheSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") Duration localTtl,
        @DefaultValue("100000") long localSize,
        @DefaultValue("1h") Duration remoteTtl,
        @DefaultValue("10s") Duration tombstone) {

    static final Duration MAX_LOCAL_TTL = Duration.ofMinutes(5);

    CacheSettings {
        if (localTtl.compareTo(MAX_LOCAL_TTL) > 0) localTtl = MAX_LOCAL_TTL;
    }
}
