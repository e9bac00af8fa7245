package dev.almanac.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code almanac.outbox.*}.
 *
 * @param pollInterval how often the dispatcher looks for new events when nothing woke it
 * @param batchSize events handed to a consumer in one transaction
 * @param gapAfter a transaction still running after this is passed over as a gap (its events are read
 *     when it commits), so no follower waits on the slowest transaction of a shared cluster
 */
@Validated
@ConfigurationProperties("almanac.outbox")
record OutboxSettings(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("5s") Duration gapAfter) {}
