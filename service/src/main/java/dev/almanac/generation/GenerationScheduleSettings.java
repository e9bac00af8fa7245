package dev.almanac.generation;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The two generation schedules under {@code almanac.schedules.*} (the schedule module keeps the
 * switches that apply to every schedule).
 *
 * @param nightlyGeneration generation for projects missing AI metadata, every night
 * @param cleanup removal of old suggestions, deleted projects' metadata and old jobs, every week
 */
@Validated
@ConfigurationProperties("almanac.schedules")
record GenerationScheduleSettings(@DefaultValue NightlyGeneration nightlyGeneration, @DefaultValue Cleanup cleanup) {

    /**
     * @param cron when it runs (six-field cron, UTC; "-" disables it)
     * @param batchSize projects per batch; the next batch is queued when one finishes. The seed's 10
     *     left the workers idle between batches (10 jobs take under half a second at the measured 24 documents/s, then
     *     the run waited for its next poll): 200 keeps them busy, and a person's request still
     *     waits behind at most one batch
     * @param batchPoll how often the run checks whether its batch has finished
     * @param maxDuration a nightly run stops queueing after this
     */
    record NightlyGeneration(
            @DefaultValue("0 0 2 * * *") String cron,
            @DefaultValue("200") @Min(1) int batchSize,
            @DefaultValue("500ms") Duration batchPoll,
            @DefaultValue("4h") Duration maxDuration) {}

    /**
     * @param cron when it runs (six-field cron, UTC; "-" disables it)
     * @param suggestionMaxAge AI suggestions unreviewed this long are removed (0: never)
     * @param deletedProjectRetention metadata of projects deleted this long ago is removed (0: never)
     * @param jobRetention finished jobs older than this are removed (0: never)
     */
    record Cleanup(
            @DefaultValue("0 0 3 * * SUN") String cron,
            @DefaultValue("90d") Duration suggestionMaxAge,
            @DefaultValue("30d") Duration deletedProjectRetention,
            @DefaultValue("180d") Duration jobRetention) {}
}
