package dev.almanac.background;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.background.*}.
 *
 * @param enabled false: this instance runs no background loop at all (generation workers, schedules,
 *     the search index follower, outbox dispatch, job-event feed); meant for tests and tools that
 *     open the database without serving it
 */
@ConfigurationProperties("almanac.background")
public record BackgroundSettings(@DefaultValue("true") boolean enabled) {}
