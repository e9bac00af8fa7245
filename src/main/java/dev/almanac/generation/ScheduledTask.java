package dev.almanac.generation;

import java.time.Duration;

/** A recurring task run by {@link ScheduleRunner}: at most once per due time across all instances. */
interface ScheduledTask {
    /** The disabled marker for {@link #cron()}, as in Spring's {@code @Scheduled}. */
    String DISABLED = "-";

    String name();

    /** Six-field Spring cron expression, evaluated in UTC; {@link #DISABLED} = never on this instance. */
    String cron();

    /** How long one run may hold the schedule; past it another instance may start the next run. */
    Duration maxDuration();

    /** Does the work; returns a one-line account of it (shown as the schedule's last detail). */
    String run() throws InterruptedException;
}
