package dev.almanac.generation;

import dev.almanac.meta.MetaHousekeeping;
import dev.almanac.schedule.ScheduledTask;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seed: "Cleanup Task — runs weekly, removes orphaned metadata entries, cleans up old draft
 * metadata". Here:
 * <ul>
 * <li>orphaned metadata = metadata (and remembered rejections) of projects deleted more than
 * {@code deleted-project-retention-days} ago (projects are soft-deleted, so their rows would stay
 * forever; nothing reads them);
 * <li>stale drafts = AI suggestions nobody accepted or rejected for {@code suggestion-max-age-days};
 * they are removed and remembered as expired for their input, so the next run that is not forced
 * does not bring the same suggestion back;
 * <li>the job ledger: finished jobs older than {@code job-retention-days}.
 * </ul>
 * A value of 0 or less switches that part off. Like the nightly generation, off on an instance
 * with {@code almanac.generation.enabled=false}.
 */
@Component
class WeeklyCleanup implements ScheduledTask {
    static final String NAME = "weekly-cleanup";

    private final MetaHousekeeping meta;
    private final JobControl control;
    private final String cron;
    private final int suggestionMaxAgeDays;
    private final int deletedProjectRetentionDays;
    private final int jobRetentionDays;

    WeeklyCleanup(MetaHousekeeping meta, JobControl control,
            @Value("${almanac.schedules.cleanup.cron:0 0 3 * * SUN}") String cron,
            @Value("${almanac.schedules.cleanup.suggestion-max-age-days:90}") int suggestionMaxAgeDays,
            @Value("${almanac.schedules.cleanup.deleted-project-retention-days:30}") int deletedProjectRetentionDays,
            @Value("${almanac.schedules.cleanup.job-retention-days:180}") int jobRetentionDays,
            @Value("${almanac.generation.enabled:true}") boolean generationEnabled) {
        this.meta = meta;
        this.control = control;
        this.cron = generationEnabled ? cron : DISABLED;
        this.suggestionMaxAgeDays = suggestionMaxAgeDays;
        this.deletedProjectRetentionDays = deletedProjectRetentionDays;
        this.jobRetentionDays = jobRetentionDays;
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
        Instant now = Instant.now();
        long expired = 0;
        if (suggestionMaxAgeDays > 0) {
            Instant cutoff = now.minus(Duration.ofDays(suggestionMaxAgeDays));
            for (int n; (n = meta.expireSuggestions(cutoff)) > 0; ) expired += n;
        }
        int orphans = deletedProjectRetentionDays > 0
                ? meta.deleteOrphans(now.minus(Duration.ofDays(deletedProjectRetentionDays))) : 0;
        int jobs = jobRetentionDays > 0 ? control.deleteFinishedBefore(now.minus(Duration.ofDays(jobRetentionDays))) : 0;
        control.pruneEvents();
        return "expired " + expired + " stale suggestions, removed " + orphans + " orphaned metadata rows, pruned "
                + jobs + " finished jobs";
    }
}
