package dev.almanac.generation;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code almanac.events.*}: the job-event streams (server-sent events) of projects.
 *
 * @param maxStreamsPerTenant open job-event streams per tenant and instance (429 past it)
 * @param heartbeat how often a heartbeat comment is written on every open stream
 * @param pollInterval how often open streams look for new job events
 * @param streamTimeout a stream is closed after this (clients reconnect with Last-Event-ID)
 */
@Validated
@ConfigurationProperties("almanac.events")
record JobEventSettings(
        @DefaultValue("20") @Min(1) int maxStreamsPerTenant,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("30m") Duration streamTimeout) {}
