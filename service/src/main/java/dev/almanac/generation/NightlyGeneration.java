package dev.almanac.generation;

import dev.almanac.audit.OperationLog;
import dev.almanac.meta.MetaHousekeeping;
import dev.almanac.generation.settings.TenantAiSettings;
import dev.almanac.project.ProjectRef;
import dev.almanac.schedule.ScheduledTask;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seed: "Nightly Metadata Generation — generates metadata for projects missing it, in batches of
 * 10". Missing = an active project with no AI metadata at all, nothing rejected or expired (those
 * were reviewed, or ignored for months: asking again every night would be noise), no job of its
 * own queued or running, none that succeeded (if it left no AI value, people kept or deleted
 * theirs), and none created in the last day (a project whose jobs fail is tried once a day).
 * Tenants whose AI is switched off ({@code PUT /api/settings/ai}) are passed over.
 * A batch is queued, and the next one only when the batch has finished, so the nightly run never
 * holds more than one batch in the queue and requests from people are not stuck behind it.
 * Off on an instance with {@code almanac.generation.enabled=false}.
 */
@Component
class NightlyGeneration implements ScheduledTask {
    static final String NAME = "nightly-generation";

    private final MetaHousekeeping meta;
    private final TenantAiSettings aiSettings;
    private final GenerationJobs jobs;
    private final JobControl control;
    private final OperationLog operations;
    private final TransactionTemplate tx;
    private final InstantSource clock;
    private final String cron;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration maxDuration;
    private final Duration batchPoll;

    NightlyGeneration(MetaHousekeeping meta, TenantAiSettings aiSettings, GenerationJobs jobs, JobControl control, OperationLog operations,
            TransactionTemplate tx, InstantSource clock, GenerationScheduleSettings schedules, GenerationSettings generation) {
        this.meta = meta;
        this.aiSettings = aiSettings;
        this.jobs = jobs;
        this.control = control;
        this.operations = operations;
        this.tx = tx;
        this.clock = clock;
        var nightly = schedules.nightlyGeneration();
        this.cron = generation.enabled() ? nightly.cron() : DISABLED;
        this.batchSize = nightly.batchSize();
        this.maxAttempts = generation.maxAttempts();
        this.maxDuration = nightly.maxDuration();
        this.batchPoll = nightly.batchPoll();
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
        return maxDuration.plusMinutes(5);
    }

    @Override
    public String run() throws InterruptedException {
        Instant deadline = clock.instant().plus(maxDuration);
        Cursor cursor = new Cursor();
        int queued = 0;
        int batches = 0;
        while (clock.instant().isBefore(deadline)) {
            List<ProjectRef> batch = nextBatch(cursor);
            if (batch.isEmpty()) return "queued " + queued + " jobs in " + batches + " batches; no project is missing AI metadata now";
            List<UUID> ids = enqueue(batch);
            queued += ids.size();
            batches++;
            while (control.unfinished(ids) > 0) {
                if (!clock.instant().isBefore(deadline)) break;
                Thread.sleep(batchPoll.toMillis());
            }
        }
        return "queued " + queued + " jobs in " + batches + " batches; stopped at the time limit of " + maxDuration.toMinutes() + " min";
    }

    private static final class Cursor {
        ProjectRef after;
    }

    private List<ProjectRef> nextBatch(Cursor cursor) {
        List<ProjectRef> batch = new ArrayList<>();
        Instant lastDay = clock.instant().minus(Duration.ofDays(1));
        while (batch.size() < batchSize) {
            List<ProjectRef> page = meta.projectsWithoutAiMetadata(cursor.after, batchSize * 4);
            if (page.isEmpty()) break;
            for (ProjectRef p : page) {
                cursor.after = p;
                if (aiSettings.of(p.tenantId()).enabled() && !control.hasRecentJob(p.tenantId(), p.id(), lastDay)) {
                    batch.add(p);
                }
                if (batch.size() == batchSize) break;
            }
        }
        return batch;
    }

    private List<UUID> enqueue(List<ProjectRef> batch) {
        return tx.execute(status -> {
            List<UUID> ids = new ArrayList<>();
            for (ProjectRef p : batch) {
                GenerationJob job = jobs.enqueue(p.tenantId(), p.id(), false, maxAttempts, "schedule " + NAME);
                Caller actor = new Caller(p.tenantId(), "schedule " + NAME, Role.SYSTEM, null, System.nanoTime());
                operations.success(actor, "generate_metadata", "generation_job", job.id().toString(), p.id(),
                        Map.of("force", false, "schedule", NAME));
                ids.add(job.id());
            }
            return ids;
        });
    }
}
