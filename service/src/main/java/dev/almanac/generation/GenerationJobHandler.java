package dev.almanac.generation;

import dev.almanac.generation.local.GeneratedMetadata;
import dev.almanac.generation.local.Guidance;
import dev.almanac.generation.provider.ProviderChain;
import dev.almanac.generation.settings.AiSettings;
import dev.almanac.generation.settings.TenantAiSettings;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.outbox.Outbox;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * AI metadata generation, the job half: runs one claimed job through the tenant's provider chain
 * ({@link ProviderChain}: e.g. openai → gemini → local) and stores the result as suggestions
 * ({@code source=ai}) in one transaction with the job's completion, so a job that runs twice (a
 * crash after generating, before committing) still stores one result. {@link GenerationWorker}
 * claims the jobs and calls {@link #run}; {@link Generation} queues them.
 */
@Component
class GenerationJobHandler {
    private final GenerationJobs jobs;
    private final ProjectContent content;
    private final ProviderChain providers;
    private final TenantAiSettings aiSettings;
    private final ProjectMetadata metadata;
    private final GenerationMetrics metrics;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Outbox outbox;
    private final TenantExamples examples;
    private final InstantSource clock;

    GenerationJobHandler(GenerationJobs jobs, ProjectContent content, ProviderChain providers, TenantAiSettings aiSettings,
            ProjectMetadata metadata, GenerationMetrics metrics, TransactionTemplate tx, JsonMapper json, Outbox outbox,
            TenantExamples examples, InstantSource clock) {
        this.jobs = jobs;
        this.content = content;
        this.providers = providers;
        this.aiSettings = aiSettings;
        this.metadata = metadata;
        this.metrics = metrics;
        this.tx = tx;
        this.json = json;
        this.outbox = outbox;
        this.examples = examples;
        this.clock = clock;
    }

    /** How long a job waits in the queue when every provider of its chain was out of rate-limit tokens. */
    static final Duration RATE_LIMIT_PAUSE = Duration.ofSeconds(2);

    /** Runs one claimed job to its end (or to its next retry). */
    void run(GenerationJob job, String worker) {
        long start = System.nanoTime();
        metrics.started();
        try {
            AiSettings settings = aiSettings.of(job.tenantId());
            if (!settings.enabled()) throw Generation.switchedOff(); // switched off after the job was queued
            ProjectContent.Collected collected = content.collect(job.tenantId(), job.projectId(), settings.inputBudgetChars());
            String hash = Generation.inputHash(collected.text());
            var guidance = settings.chain().contains("local")
                    ? examples.guidance(job.tenantId(), job.projectId(), settings.inputBudgetChars())
                            .with(settings.tagVocabulary())
                    : Guidance.NONE;
            ProviderChain.Outcome outcome = providers.generate(job.tenantId(), settings.chain(), collected.text(),
                    settings.taxonomy(), guidance);
            GeneratedMetadata result = outcome.metadata();
            Caller actor = new Caller(job.tenantId(), "generation-job " + job.id(), Role.SYSTEM, null, start);
            var run = new GenerationJobs.Run(outcome.provider(), outcome.model(), outcome.promptVersion(), hash,
                    collected.fullLength(), outcome.tokens(), outcome.costUsd(), outcome.cached());
            Boolean done = tx.execute(status -> {
                var ended = jobs.succeed(job.id(), worker, run, json.writeValueAsString(result));
                if (ended.isEmpty()) {
                    // the job is no longer ours: an admin cancelled it while the provider answered, or our
                    // lease ran out and another worker owns it now. Either way store nothing of this run.
                    status.setRollbackOnly();
                    return false;
                }
                store(actor, job, result, hash, outcome);
                examples.remember(job.tenantId(), job.projectId(), result.model(), result.textVector());
                announce(ended.get(), JobFinished.SUCCEEDED);
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                metrics.succeeded(collected.fullLength(), result.tags().size(), result.summary().length());
            } else if (jobs.find(job.tenantId(), job.id()).filter(j -> GenerationJob.CANCELLED.equals(j.status())).isPresent()) {
                // counted, so an operator sees provider calls spent on runs that were thrown away
                metrics.cancelled();
            }
        } catch (ProviderChain.AllProvidersFailed e) {
            if (e.onlyRateLimited()) {
                // not a failure: the providers are fine, their shared rate limit is used up for now
                jobs.defer(job.id(), worker, "waiting for a rate-limit token: " + e.getMessage(), RATE_LIMIT_PAUSE);
            } else {
                metrics.failed(e.getClass().getSimpleName());
                Duration retry = job.attempts() >= job.maxAttempts() ? null : backoff(job.attempts());
                fail(job, worker, e.getClass().getSimpleName() + ": " + e.getMessage(), retry);
            }
        } catch (ApiException e) {
            // the project is gone, locked or deleted: trying again will not help
            metrics.failed(e.code().name().toLowerCase());
            fail(job, worker, e.getMessage(), null);
        } catch (RuntimeException e) {
            metrics.failed(e.getClass().getSimpleName());
            Duration retry = job.attempts() >= job.maxAttempts() ? null : backoff(job.attempts());
            fail(job, worker, e.getClass().getSimpleName() + ": " + e.getMessage(), retry);
        } finally {
            metrics.finished(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A failed attempt; when it was the last ({@code retry} null), the job's end is announced with it. */
    private void fail(GenerationJob job, String worker, String error, Duration retry) {
        tx.executeWithoutResult(status -> {
            if (jobs.fail(job.id(), worker, error, retry) && retry == null) {
                announce(jobs.find(job.tenantId(), job.id()).orElseThrow(), JobFinished.FAILED);
            }
        });
    }

    /** {@code ended}: the job as it ended, as its event carries it. */
    private void announce(GenerationJob ended, String eventType) {
        outbox.append(new JobFinished(ended.tenantId(), eventType, ended.projectId(), ended.id().toString(), json.valueToTree(ended)));
    }

    private void store(Caller actor, GenerationJob job, GeneratedMetadata r, String hash, ProviderChain.Outcome outcome) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("provider", outcome.provider());
        provenance.put("model", outcome.model());
        provenance.put("prompt_version", outcome.promptVersion());
        provenance.put("input_hash", hash);
        provenance.put("tokens", outcome.tokens());
        provenance.put("cost_usd", outcome.costUsd());
        provenance.put("cached", outcome.cached());
        provenance.put("job_id", job.id().toString());
        provenance.put("generated_at", clock.instant().toString());
        // how much to trust the whole answer: provenance, not a value for people to review
        provenance.put("quality", r.quality());
        // a very short input has no summary (it would only echo the name and description back)
        List<ProjectMetadata.NewSuggestion> suggestions = new ArrayList<>(3);
        if (!r.summary().isBlank()) {
            suggestions.add(suggestion("summary", json.valueToTree(r.summary()), provenance, r.summaryConfidence()));
        } else {
            provenance.put("no_summary", true); // so a request on the same input knows the run happened
        }
        Map<String, Object> tagProvenance = new LinkedHashMap<>(provenance);
        // multi-label: each tag's own confidence, in the order of the value
        tagProvenance.put("tag_confidences", r.tags().stream().map(GeneratedMetadata.Tag::score).toList());
        suggestions.add(suggestion("tags", json.valueToTree(r.tagNames()), tagProvenance, r.tags().isEmpty() ? 0 : r.tags().getFirst().score()));
        suggestions.add(suggestion("category", json.valueToTree(r.category()), provenance, r.categoryConfidence()));
        metadata.putSuggestions(actor, job.projectId(), suggestions, job.force());
    }

    private static ProjectMetadata.NewSuggestion suggestion(String key, JsonNode value, Map<String, Object> provenance, double confidence) {
        Map<String, Object> p = new LinkedHashMap<>(provenance);
        p.put("confidence", Math.round(confidence * 1000) / 1000.0);
        return new ProjectMetadata.NewSuggestion(key, value, p);
    }

    /** 10 s, 20 s, 40 s, … capped at 10 minutes. */
    static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(600, 10L << Math.min(6, Math.max(0, attempts - 1))));
    }

}
