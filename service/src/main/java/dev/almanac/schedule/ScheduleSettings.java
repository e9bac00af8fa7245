package dev.almanac.schedule;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.schedules.*} switches that apply to every schedule; the generation module keeps the
 * settings of its own two schedules under the same prefix.
 *
 * @param enabled false: this instance runs no schedules at all; the other instances on the database
 *     still do
 * @param pollInterval how often an instance checks whether a schedule is due
 */
@ConfigurationProperties("almanac.schedules")
record ScheduleSettings(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration pollInterval) {}
