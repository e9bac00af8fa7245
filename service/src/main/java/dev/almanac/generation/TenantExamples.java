package dev.almanac.generation;

import dev.almanac.generation.local.CategoryClassifier;
import dev.almanac.generation.local.Guidance;
import dev.almanac.generation.local.LocalMetadataGenerator;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.almanac.cache.AfterTransaction;
import dev.almanac.meta.LabelledValue;
import dev.almanac.meta.MetaEvent;
import dev.almanac.meta.SuggestionCreated;
import dev.almanac.meta.ProjectMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tenant's labelled examples for the local provider (issue 15): every {@code category} people
 * wrote, edited or accepted is a positive example, every rejected one a negative, each with its
 * project's text vector from {@code generation_text_vectors}. A labelled project that has no vector
 * yet (its category was written by hand, never generated) gets one here, from its content, at most
 * {@code almanac.generation.examples.embed-per-run} per run. Only the tenant's own rows are read.
 */
@Component
class TenantExamples {
    static final String CATEGORY = "category";
    static final String TAGS = "tags";
    static final int MAX_VOCABULARY = 500;

    private final ProjectMetadata metadata;
    private final ProjectContent content;
    private final LocalMetadataGenerator generator;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final int maxExamples;
    private final int embedPerRun;

    TenantExamples(ProjectMetadata metadata, ProjectContent content, LocalMetadataGenerator generator, JdbcClient jdbc,
            JsonMapper json, GenerationSettings settings) {
        int maxExamples = settings.examples().max();
        int embedPerRun = settings.examples().embedPerRun();
        this.metadata = metadata;
        this.content = content;
        this.generator = generator;
        this.jdbc = jdbc;
        this.json = json;
        this.maxExamples = maxExamples;
        this.embedPerRun = embedPerRun;
    }

    /**
     * One tenant's decided values with their projects' text vectors, as read from the database.
     * Kept per tenant: reading up to {@code max} labelled rows and their vectors for every job was a
     * large part of a job's cost once a tenant had reviewed a few hundred projects.
     */
    private record Labelled(List<LabelledValue> category, Map<String, float[]> vectors, List<String> vocabulary) {}

    /**
     * Dropped for a tenant as soon as one of its {@code category} or {@code tags} decisions commits
     * on this instance ({@link #onDecision}); the expiry bounds how long another instance's review
     * goes unseen here.
     */
    private final Cache<String, Labelled> cache = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterWrite(CACHE_TTL)
            .build();
    /** Tenants with a category or tags decision in the current transaction: dropped from the cache once it commits. */
    private final AfterTransaction<String> decided = AfterTransaction.afterCommit(tenants -> tenants.forEach(cache::invalidate));
    static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(60);

    /** What the tenant's people taught, for a run on {@code projectId}. */
    Guidance guidance(String tenantId, String projectId, int budget) {
        Labelled state = cache.getIfPresent(tenantId);
        if (state == null) {
            state = load(tenantId, budget);
            // a tenant with labelled projects still missing their vectors is read again next time,
            // so the vectors are filled in a few per run; a complete one is kept
            if (state.vectors().keySet().containsAll(projectIds(state.category()))) {
                cache.asMap().putIfAbsent(tenantId, state);
            }
        }
        if (state.category().isEmpty()) return new Guidance(List.of(), Set.of(), state.vocabulary());
        Set<String> rejectedHere = new HashSet<>();
        List<CategoryClassifier.Example> examples = new ArrayList<>();
        for (LabelledValue v : state.category()) {
            String label = label(v);
            if (v.projectId().equals(projectId)) {
                if (!v.accepted()) rejectedHere.add(label);
                continue;
            }
            float[] vector = state.vectors().get(v.projectId());
            if (vector != null) examples.add(new CategoryClassifier.Example(v.projectId(), vector, label, v.accepted()));
        }
        return new Guidance(examples, rejectedHere, state.vocabulary());
    }

    /**
     * A decision on a category or tags of the tenant committed: its examples changed. A new AI
     * suggestion is not a decision: it replaces only an open suggestion, which is no example, and
     * every generation job writes one. Dropping the tenant's examples for it made each job read them
     * again, a scan of the tenant's category rows that grew with the tenant (2 ms a job at 8,000
     * projects; bench/RESULTS-generation.md, "JIT thresholds"). A forced regeneration may replace a
     * decided value; the examples then keep it until the cache expires, and a job never learns from
     * its own project's example.
     */
    @EventListener
    void onDecision(MetaEvent event) {
        if (event instanceof SuggestionCreated) return;
        if (CATEGORY.equals(event.key()) || TAGS.equals(event.key())) decided.add(event.tenantId());
    }

    private Labelled load(String tenantId, int budget) {
        List<String> vocabulary = vocabulary(tenantId);
        List<LabelledValue> labelled = metadata.labelled(tenantId, CATEGORY, maxExamples).stream()
                .filter(v -> label(v) != null)
                .toList();
        Map<String, float[]> vectors = vectors(tenantId, projectIds(labelled));
        int embedded = 0;
        for (String id : projectIds(labelled)) {
            if (vectors.containsKey(id) || embedded >= embedPerRun) continue;
            float[] vector = embed(tenantId, id, budget);
            embedded++;
            if (vector != null) vectors.put(id, vector);
        }
        return new Labelled(labelled, Map.copyOf(vectors), vocabulary);
    }

    private static List<String> projectIds(List<LabelledValue> values) {
        return values.stream().map(LabelledValue::projectId).distinct().toList();
    }

    /** Tags people wrote, edited or accepted in this tenant, most recent first. */
    private List<String> vocabulary(String tenantId) {
        var terms = new java.util.LinkedHashSet<String>();
        for (LabelledValue v : metadata.labelled(tenantId, TAGS, maxExamples)) {
            if (!v.accepted()) continue;
            JsonNode node = json.readTree(v.valueJson());
            if (!node.isArray()) continue;
            for (JsonNode tag : node) {
                if (tag.isString() && !tag.asString().isBlank() && terms.size() < MAX_VOCABULARY) terms.add(tag.asString().strip());
            }
        }
        return List.copyOf(terms);
    }

    /** Keeps the project's text vector, made by the run that just read it. */
    void remember(String tenantId, String projectId, String model, float[] vector) {
        if (vector == null) return;
        jdbc.sql("""
                        INSERT INTO generation_text_vectors (tenant_id, project_id, model, vector, updated_at)
                        VALUES (?, ?, ?, ?, now())
                        ON CONFLICT (tenant_id, project_id) DO UPDATE SET model = EXCLUDED.model,
                            vector = EXCLUDED.vector, updated_at = now()""")
                .params(tenantId, projectId, model, boxed(vector))
                .update();
    }

    private float[] embed(String tenantId, String projectId, int budget) {
        try {
            float[] vector = generator.textVector(content.collect(tenantId, projectId, budget).text());
            remember(tenantId, projectId, generator.modelName(), vector);
            return vector;
        } catch (RuntimeException e) {
            return null; // the project went away meanwhile: no example
        }
    }

    private Map<String, float[]> vectors(String tenantId, List<String> projectIds) {
        Map<String, float[]> out = new HashMap<>();
        if (projectIds.isEmpty()) return out;
        jdbc.sql("SELECT project_id, vector FROM generation_text_vectors WHERE tenant_id = ? AND model = ? "
                        + "AND project_id = ANY(?)")
                .params(tenantId, generator.modelName(), projectIds.toArray(String[]::new))
                .query(rs -> {
                    Object[] values = (Object[]) rs.getArray("vector").getArray();
                    float[] vector = new float[values.length];
                    for (int i = 0; i < values.length; i++) vector[i] = ((Number) values[i]).floatValue();
                    out.put(rs.getString("project_id"), vector);
                });
        return out;
    }

    private String label(LabelledValue v) {
        JsonNode node = json.readTree(v.valueJson());
        return node.isString() ? node.asString().strip().toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static Float[] boxed(float[] vector) {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) boxed[i] = vector[i];
        return boxed;
    }
}
