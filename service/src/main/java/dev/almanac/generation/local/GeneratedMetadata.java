package dev.almanac.generation.local;

import java.util.List;

/**
 * What the local provider suggests for one document. Every part carries a confidence in [0, 1];
 * {@code quality} summarizes them (see {@link LocalMetadataGenerator}), {@code model} says which
 * model produced it.
 */
public record GeneratedMetadata(
        String summary,
        double summaryConfidence,
        List<Tag> tags,
        String category,
        double categoryConfidence,
        double quality,
        String model) {

    public record Tag(String name, double score) {}

    public GeneratedMetadata {
        tags = List.copyOf(tags);
    }

    public List<String> tagNames() {
        return tags.stream().map(Tag::name).toList();
    }
}
