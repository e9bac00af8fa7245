package dev.almanac.search;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code almanac.search.*}.
 *
 * @param maxConcurrent searches running at once on one instance (0: as many as there are cores); the
 *     rest wait in order, so a burst of searches cannot take the cores from cheap reads
 * @param queueTimeout a search that waited this long for a slot is answered 503
 * @param pollInterval how often the index follower reads new outbox events when nothing woke it
 * @param compactAfterIdle the index is merged into fewer segments after this long without writes
 * @param refreshUnderLoad while writes keep coming, the index follower makes them searchable at most
 *     this often (each refresh writes a segment; see IndexFollower); a write after a quiet moment is
 *     searchable within a poll interval
 */
@Validated
@ConfigurationProperties("almanac.search")
record SearchSettings(
        @DefaultValue("0") @Min(0) int maxConcurrent,
        @DefaultValue("10s") Duration queueTimeout,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("60s") Duration compactAfterIdle,
        @DefaultValue("1s") Duration refreshUnderLoad) {}
