package dev.almanac.search;

import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What search knows of a project: the text it is found by (name, description, every metadata value,
 * which includes AI summaries and tags) and the exact-match terms the {@code meta} filter uses.
 *
 * <p>{@code meaning} is the part of the body that is embedded: all of it but the AI suggestions
 * nobody has reviewed yet. Those are found by their words; by meaning they add little the
 * description does not already say (the local provider's summary and tags are quoted from it), and
 * embedding them again after every generation cost as much CPU as a third of the generation itself
 * (bench/RESULTS-generation.md). Once accepted or edited, a value is embedded with the rest.
 */
record SearchableProject(String tenantId, String id, String name, String description, String status,
        String body, String meaning, Set<String> metaTerms) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TERMS = 2_000;
    private static final int MAX_TERM_LENGTH = 256;

    static SearchableProject of(String tenantId, Project p, List<MetaEntry> entries) {
        return of(tenantId, p, entries, "");
    }

    /** {@code contributed}: text other modules hold about the project (its files), searched with the rest. */
    static SearchableProject of(String tenantId, Project p, List<MetaEntry> entries, String contributed) {
        StringBuilder body = new StringBuilder();
        StringBuilder meaning = new StringBuilder();
        Set<String> terms = new LinkedHashSet<>();
        if (p.description() != null) body.append(p.description()).append('\n');
        meaning.append(body);
        for (MetaEntry e : entries) {
            StringBuilder line = new StringBuilder();
            JsonNode value = JSON.readTree(e.value());
            line.append(e.key()).append(": ");
            appendText(value, line);
            line.append('\n');
            body.append(line);
            if (!ProjectMetadata.isSuggestion(e)) meaning.append(line);
            flatten(e.key(), value, terms);
        }
        if (!contributed.isBlank()) {
            body.append(contributed).append('\n');
            meaning.append(contributed).append('\n');
        }
        return new SearchableProject(tenantId, p.id(), p.name(), p.description(), p.status(), body.toString().trim(),
                meaning.toString().trim(), terms);
    }

    boolean isLive() {
        return !Project.DELETED.equals(status);
    }

    /** Everything that is embedded, name first. */
    String embeddedText() {
        return meaning.isEmpty() ? name : name + "\n" + meaning;
    }

    /** The hash of {@link #embeddedText()}: the stored vectors are current while it stays the same. */
    String textHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(embeddedText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * JSON containment as exact terms: {@code {"tags":["q3"],"owner":{"team":"x"}}} becomes
     * {@code tags=q3} and {@code owner.team=x}. Array elements share their array's path, which is
     * how PostgreSQL's {@code @>} treats them too.
     */
    static void flatten(String path, JsonNode value, Set<String> out) {
        if (out.size() >= MAX_TERMS) return;
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) flatten(path + "." + e.getKey(), e.getValue(), out);
        } else if (value.isArray()) {
            for (JsonNode element : value) flatten(path, element, out);
        } else {
            String term = path + "=" + (value.isString() ? value.asString() : value.toString());
            if (term.length() <= MAX_TERM_LENGTH) out.add(term);
        }
    }

    private static void appendText(JsonNode value, StringBuilder out) {
        if (value.isString()) {
            out.append(value.asString());
        } else if (value.isArray() || value.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) parts.add(e.getKey());
            StringBuilder nested = new StringBuilder();
            for (JsonNode child : value) {
                appendText(child, nested);
                nested.append(", ");
            }
            if (!parts.isEmpty()) out.append(String.join(" ", parts)).append(' ');
            out.append(nested);
        } else if (!value.isNull()) {
            out.append(value.toString());
        }
    }
}
