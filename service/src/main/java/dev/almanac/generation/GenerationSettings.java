package dev.almanac.generation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code almanac.generation.*}: how this instance runs AI generation jobs.
 *
 * @param enabled false: this instance runs no generation worker and neither generation schedule;
 *     requests still queue jobs for the other instances
 * @param workers generation jobs run at once on this instance; the local model encodes each job on
 *     one thread, so one worker per core keeps them busy (bench/RESULTS-generation.md)
 * @param lease how long a running job is held; a job whose worker died is taken again after it
 * @param pollInterval how long an idle worker waits before looking for a queued job again
 * @param maxAttempts attempts of one job (its provider chain included) before it is marked failed
 * @param contentBudgetChars default project content given to the model, as in the seed (a tenant may
 *     set its own with PUT /api/settings/ai)
 * @param examples how much the local provider learns from people's decisions
 * @param warmUpDocuments built-in documents the local generator reads after a start while no job has
 *     come, so that the first jobs run compiled code (see GenerationWarmUp); 0: none
 */
@Validated
@ConfigurationProperties("almanac.generation")
public record GenerationSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") @Min(1) @Max(64) int workers,
        @DefaultValue("120s") Duration lease,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("4000") @Min(200) @Max(100_000) int contentBudgetChars,
        @DefaultValue Examples examples,
        @DefaultValue("300") @Min(0) @Max(10_000) int warmUpDocuments) {

    /**
     * @param max labelled examples (decided category and tags values) read per tenant and key
     * @param embedPerRun examples whose text vector is missing that one generation run may embed
     */
    public record Examples(@DefaultValue("2000") @Min(1) int max, @DefaultValue("20") @Min(0) int embedPerRun) {}
}
