package dev.almanac.generation;

import dev.almanac.generation.local.CategoryClassifier;
import dev.almanac.generation.local.Guidance;
import dev.almanac.generation.local.LocalMetadataGenerator;
import dev.almanac.meta.LabelledValue;
import dev.almanac.meta.ProjectMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
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

    /** What the tenant's people taught, for a run on {@code projectId}. */
    Guidance guidance(String tenantId, String projectId, int budget) {
        List<String> vocabulary = vocabulary(tenantId);
        List<LabelledValue> labelled = metadata.labelled(tenantId, CATEGORY, maxExamples);
        if (labelled.isEmpty()) return new Guidance(List.of(), Set.of(), vocabulary);
        Set<String> rejectedHere = new HashSet<>();
        List<LabelledValue> others = new ArrayList<>();
        for (LabelledValue v : labelled) {
            String label = label(v);
            if (label == null) continue;
            if (!v.projectId().equals(projectId)) others.add(v);
            else if (!v.accepted()) rejectedHere.add(label);
        }
        Map<String, float[]> vectors = vectors(tenantId, others.stream().map(LabelledValue::projectId).distinct().toList());
        int embedded = 0;
        List<CategoryClassifier.Example> examples = new ArrayList<>();
        for (LabelledValue v : others) {
            float[] vector = vectors.get(v.projectId());
            if (vector == null && embedded < embedPerRun) {
                vector = embed(tenantId, v.projectId(), budget);
                embedded++;
                if (vector != null) vectors.put(v.projectId(), vector);
            }
            if (vector != null) examples.add(new CategoryClassifier.Example(v.projectId(), vector, label(v), v.accepted()));
        }
        return new Guidance(examples, rejectedHere, vocabulary);
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
