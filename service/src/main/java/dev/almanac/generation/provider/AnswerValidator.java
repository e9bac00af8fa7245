package dev.almanac.generation.provider;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.almanac.generation.local.GeneratedMetadata;
import dev.almanac.generation.local.Taxonomy;
import dev.almanac.generation.provider.ProviderFailure.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a model's text into metadata, or refuses it. The text is size-capped before it is parsed,
 * checked against {@code generation/answer-schema.json} (five known fields, types, lengths,
 * {@code additionalProperties: false}, so an answer that tries to set {@code tenant_id},
 * {@code owner} or {@code status} is refused whole), and the category must be one of the tenant's
 * labels. Refusals are {@link Kind#INVALID_ANSWER} or {@link Kind#MALFORMED}; their messages name
 * the rule broken, never the answer's content.
 */
final class AnswerValidator {
    static final int MAX_ANSWER_CHARS = 8_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern FENCE = Pattern.compile("^```(?:json)?\\s*(.*?)\\s*```$", Pattern.DOTALL);
    private static final Schema SCHEMA = load();

    private AnswerValidator() {}

    static GeneratedMetadata parse(String answer, Taxonomy taxonomy, String model) {
        if (answer == null || answer.isBlank()) throw new ProviderFailure(Kind.MALFORMED, "empty answer");
        if (answer.length() > MAX_ANSWER_CHARS) {
            throw new ProviderFailure(Kind.INVALID_ANSWER, "answer longer than " + MAX_ANSWER_CHARS + " characters");
        }
        String text = answer.strip();
        var fenced = FENCE.matcher(text); // some local servers wrap JSON in a code fence even in JSON mode
        if (fenced.matches()) text = fenced.group(1);
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new ProviderFailure(Kind.MALFORMED, "answer is not JSON");
        }
        List<Error> errors = SCHEMA.validate(node);
        if (!errors.isEmpty()) {
            Error first = errors.getFirst();
            throw new ProviderFailure(Kind.INVALID_ANSWER, "answer violates the schema (" + errors.size() + " error(s), first at '"
                    + first.getInstanceLocation() + "': " + first.getKeyword() + ")");
        }
        String category = clean(node.get("category").asString()).toLowerCase(Locale.ROOT);
        Set<String> labels = new LinkedHashSet<>();
        taxonomy.categories().forEach(c -> labels.add(c.label()));
        if (!labels.contains(category) && !category.equals(Taxonomy.UNCATEGORIZED)) {
            throw new ProviderFailure(Kind.INVALID_ANSWER, "answer's category is not in the tenant's taxonomy");
        }
        double confidence = node.path("confidence").asDouble(0.5);
        double quality = node.path("quality").asDouble(confidence);
        List<GeneratedMetadata.Tag> tags = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode t : node.get("tags")) {
            String tag = clean(t.asString()).toLowerCase(Locale.ROOT);
            if (!tag.isEmpty() && seen.add(tag)) tags.add(new GeneratedMetadata.Tag(tag, confidence));
        }
        if (tags.isEmpty()) throw new ProviderFailure(Kind.INVALID_ANSWER, "answer has no usable tag");
        String summary = clean(node.get("summary").asString());
        if (summary.isEmpty()) throw new ProviderFailure(Kind.INVALID_ANSWER, "answer has an empty summary");
        return new GeneratedMetadata(summary, confidence, tags, category, confidence, quality, model);
    }

    /** Control characters out, whitespace collapsed: the value is shown to people as is. */
    private static String clean(String s) {
        return CONTROL.matcher(s).replaceAll(" ").replaceAll("\\s+", " ").strip();
    }

    private static Schema load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder
                        .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)));
        try (InputStream in = AnswerValidator.class.getResourceAsStream("/generation/answer-schema.json")) {
            return registry.getSchema(JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
