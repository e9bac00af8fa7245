package dev.almanac.search;

import dev.almanac.meta.MetaEntry;
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
 */
record SearchableProject(String tenantId, String id, String name, String description, String status,
        String body, Set<String> metaTerms) {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TERMS = 2_000;
    private static final int MAX_TERM_LENGTH = 256;

    static SearchableProject of(String tenantId, Project p, List<MetaEntry> entries) {
        return of(tenantId, p, entries, "");
    }

    /** {@code contributed}: text other modules hold about the project (its files), searched with the rest. */
    static SearchableProject of(String tenantId, Project p, List<MetaEntry> entries, String contributed) {
        StringBuilder body = new StringBuilder();
        Set<String> terms = new LinkedHashSet<>();
        if (p.description() != null) body.append(p.description()).append('\n');
        for (MetaEntry e : entries) {
            JsonNode value = JSON.readTree(e.value());
            body.append(e.key()).append(": ");
            appendText(value, body);
            body.append('\n');
            flatten(e.key(), value, terms);
        }
        if (!contributed.isBlank()) body.append(contributed).append('\n');
        return new SearchableProject(tenantId, p.id(), p.name(), p.description(), p.status(), body.toString().trim(), terms);
    }

    boolean isLive() {
        return !Project.DELETED.equals(status);
    }

    /** Everything that is embedded, name first. */
    String fullText() {
        return body.isEmpty() ? name : name + "\n" + body;
    }

    String textHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fullText().getBytes(StandardCharsets.UTF_8));
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
