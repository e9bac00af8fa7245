package dev.almanac.generation;

import dev.almanac.meta.MetaHousekeeping;
import dev.almanac.schedule.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.springframework.stereotype.Component;

/**
 * Seed: "Cleanup Task — runs weekly, removes orphaned metadata entries, cleans up old draft
 * metadata". Here:
 * <ul>
 * <li>orphaned metadata = metadata (and remembered rejections) of projects deleted more than
 * {@code deleted-project-retention} ago (projects are soft-deleted, so their rows would stay
 * forever; nothing reads them);
 * <li>stale drafts = AI suggestions nobody accepted or rejected for {@code suggestion-max-age};
 * they are removed and remembered as expired for their input, so the next run that is not forced
 * does not bring the same suggestion back;
 * <li>the job ledger: finished jobs older than {@code job-retention}.
 * </ul>
 * A zero duration switches that part off. Like the nightly generation, off on an instance
 * with {@code almanac.generation.enabled=false}.
 */
@Component
class WeeklyCleanup implements ScheduledTask {
    static final String NAME = "weekly-cleanup";

    private final MetaHousekeeping meta;
    private final JobControl control;
    private final InstantSource clock;
    private final String cron;
    private final Duration suggestionMaxAge;
    private final Duration deletedProjectRetention;
    private final Duration jobRetention;

    WeeklyCleanup(MetaHousekeeping meta, JobControl control, InstantSource clock,
            GenerationScheduleSettings schedules, GenerationSettings generation) {
        this.meta = meta;
        this.control = control;
        this.clock = clock;
        this.cron = generation.enabled() ? schedules.cleanup().cron() : DISABLED;
        this.suggestionMaxAge = schedules.cleanup().suggestionMaxAge();
        this.deletedProjectRetention = schedules.cleanup().deletedProjectRetention();
        this.jobRetention = schedules.cleanup().jobRetention();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String cron() {
        return cron;
    }

    @Override
    public Duration maxDuration() {
        return Duration.ofHours(1);
    }

    @Override
    public String run() {
        Instant now = clock.instant();
        long expired = 0;
        if (suggestionMaxAge.isPositive()) {
            Instant cutoff = now.minus(suggestionMaxAge);
            for (int n; (n = meta.expireSuggestions(cutoff)) > 0; ) expired += n;
        }
        int orphans = deletedProjectRetention.isPositive() ? meta.deleteOrphans(now.minus(deletedProjectRetention)) : 0;
        int jobs = jobRetention.isPositive() ? control.deleteFinishedBefore(now.minus(jobRetention)) : 0;
        control.pruneEvents();
        return "expired " + expired + " stale suggestions, removed " + orphans + " orphaned metadata rows, pruned "
                + jobs + " finished jobs";
    }
}
