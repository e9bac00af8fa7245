package dev.almanac.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.outbox.*}.
 *
 * @param pollInterval how often the dispatcher looks for new events when nothing woke it
 * @param gapAfter a transaction still running after this is passed over as a gap (its events are read
 *     when it commits), so no follower waits on the slowest transaction of a shared cluster
 * @param retention events older than this, and already handed to every consumer, are deleted once a
 *     day (0 keeps them forever); a search index whose position is older rebuilds itself
 */
@ConfigurationProperties("almanac.outbox")
record OutboxSettings(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("5s") Duration gapAfter,
        @DefaultValue("7d") Duration retention) {}
