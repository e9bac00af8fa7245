package dev.almanac.generation;

import dev.almanac.generation.settings.AiSettings;
import dev.almanac.generation.settings.TenantAiSettings;
import dev.almanac.meta.MetaEntry;
import dev.almanac.limits.AiBudget;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.audit.OperationLog;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * AI metadata generation, the intake half: a request becomes a queued job (or "exists" when the
 * project's current AI metadata was made from the same input). {@link GenerationJobHandler} runs the
 * jobs; the two meet only in the {@code generation_jobs} table, so a request never waits on a model
 * and any instance's worker may take any job.
 */
@Service
public class Generation {
    // Salt of the input hash that the "exists" check compares; kept as it was so hashes stored in
    // provenance before provider chains existed still match. Which provider answered is in provenance.
    static final String PROVIDER = "local";
    static final String PROMPT_VERSION = "local-v1";

    private final GenerationJobs jobs;
    private final ProjectContent content;
    private final TenantAiSettings aiSettings;
    private final ProjectMetadata metadata;
    private final Projects projects;
    private final OperationLog operations;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final int maxAttempts;
    private final AiBudget aiBudget;

    Generation(GenerationJobs jobs, ProjectContent content, TenantAiSettings aiSettings, ProjectMetadata metadata,
            Projects projects, OperationLog operations, TransactionTemplate tx, JsonMapper json, GenerationSettings settings,
            AiBudget aiBudget) {
        this.jobs = jobs;
        this.content = content;
        this.aiSettings = aiSettings;
        this.metadata = metadata;
        this.projects = projects;
        this.operations = operations;
        this.tx = tx;
        this.json = json;
        this.maxAttempts = settings.maxAttempts();
        this.aiBudget = aiBudget;
    }

    /** What a generation request gets: a job to follow, or "exists" when current AI metadata is there. */
    public record Requested(GenerationJob job, boolean exists) {}

    public Requested request(Caller caller, String projectId, boolean force) {
        caller.require(Role.WRITER);
        AiSettings settings = aiSettings.of(caller.tenantId());
        if (!settings.enabled()) throw switchedOff();
        return tx.execute(status -> {
            projects.requireWritable(caller.tenantId(), projectId);
            if (!force) {
                var pending = jobs.pending(caller.tenantId(), projectId);
                if (pending.isPresent()) return new Requested(pending.get(), false);
                String hash = inputHash(content.collect(caller.tenantId(), projectId, settings.inputBudgetChars()).text());
                if (hash.equals(currentAiInputHash(caller.tenantId(), projectId))) return new Requested(null, true);
            }
            aiBudget.chargeGenerationJob(caller.tenantId()); // 429 when today's budget is spent
            GenerationJob job = jobs.enqueue(caller.tenantId(), projectId, force, maxAttempts, caller.actor());
            operations.success(caller, "generate_metadata", "generation_job", job.id().toString(), projectId,
                    Map.of("force", force));
            return new Requested(job, false);
        });
    }

    public GenerationJob job(Caller caller, UUID id) {
        caller.require(Role.READER);
        return jobs.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("Job '" + id + "'"));
    }

    private String currentAiInputHash(String tenantId, String projectId) {
        List<MetaEntry> entries = metadata.entriesOf(tenantId, List.of(projectId)).getOrDefault(projectId, List.of());
        for (MetaEntry e : entries) {
            if (e.key().equals("summary") && "ai".equals(e.source()) && e.provenance() != null) {
                var node = json.readTree(e.provenance());
                return node.path("input_hash").asString(null);
            }
            // an input too short for a summary: the run's other entries say it happened
            if ((e.key().equals("tags") || e.key().equals("category")) && "ai".equals(e.source()) && e.provenance() != null) {
                var node = json.readTree(e.provenance());
                if (node.path("no_summary").asBoolean(false)) return node.path("input_hash").asString(null);
            }
        }
        return null;
    }

    static String inputHash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((PROVIDER + "\n" + PROMPT_VERSION + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiException switchedOff() {
        return new ApiException(ErrorCode.CONFLICT,
                "AI generation is switched off for this tenant (an admin can switch it on with PUT /api/settings/ai)");
    }

}
