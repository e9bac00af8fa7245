package dev.almanac.generation.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What the local provider suggests for one document. Every part carries a confidence in [0, 1];
 * {@code quality} summarizes them (see {@link LocalMetadataGenerator}), {@code model} says which
 * model produced it; {@code textVector}, when the local model made one, is the embedding of the
 * first {@value CategoryClassifier#TEXT_CHARS} characters (kept so the project can serve as a
 * labelled example later; not part of the answer's JSON).
 */
public record GeneratedMetadata(
        String summary,
        double summaryConfidence,
        List<Tag> tags,
        String category,
        double categoryConfidence,
        double quality,
        String model,
        @JsonIgnore float[] textVector) {

    /** Without a text vector (remote providers, or when none was computed). */
    public GeneratedMetadata(String summary, double summaryConfidence, List<Tag> tags, String category,
            double categoryConfidence, double quality, String model) {
        this(summary, summaryConfidence, tags, category, categoryConfidence, quality, model, null);
    }

    public record Tag(String name, double score) {}

    public GeneratedMetadata {
        tags = List.copyOf(tags);
    }

    public List<String> tagNames() {
        return tags.stream().map(Tag::name).toList();
    }

    /** Equal answers: the same parts; the text vector is compared by content, not identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof GeneratedMetadata o && summary.equals(o.summary)
                && summaryConfidence == o.summaryConfidence && tags.equals(o.tags) && category.equals(o.category)
                && categoryConfidence == o.categoryConfidence && quality == o.quality
                && java.util.Objects.equals(model, o.model) && java.util.Arrays.equals(textVector, o.textVector);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(summary, tags, category, model);
    }
}
