package dev.almanac.schedule;

import java.time.Duration;

/**
 * A recurring task: declare one as a bean in any module and {@link ScheduleRunner} runs it at most
 * once per due time across all instances on one database, and {@code GET /api/admin/schedules}
 * lists it.
 */
public interface ScheduledTask {
    /** The disabled marker for {@link #cron()}, as in Spring's {@code @Scheduled}. */
    String DISABLED = "-";

    /** Unique across the service: the key of its row in the {@code schedules} table. */
    String name();

    /** Six-field Spring cron expression, evaluated in UTC; {@link #DISABLED} = never on this instance. */
    String cron();

    /** How long one run may hold the schedule; past it another instance may start the next run. */
    Duration maxDuration();

    /** Does the work; returns a one-line account of it (shown as the schedule's last detail). */
    String run() throws InterruptedException;
}
