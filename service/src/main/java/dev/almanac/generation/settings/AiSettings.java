package dev.almanac.generation.settings;

import dev.almanac.generation.local.TagVocabulary;
import dev.almanac.generation.local.Taxonomy;
import java.util.List;

/**
 * A tenant's AI settings: whether generation runs at all for it, which providers to try in order,
 * the categories to sort into, how much of a project's content goes to the model, and the
 * controlled vocabulary tags are drawn from ({@link TagVocabulary#NONE}: free tags).
 */
public record AiSettings(boolean enabled, List<String> chain, Taxonomy taxonomy, int inputBudgetChars,
        TagVocabulary tagVocabulary) {
    public static final int DEFAULT_INPUT_BUDGET = 4_000;

    public AiSettings {
        chain = List.copyOf(chain);
        tagVocabulary = tagVocabulary == null ? TagVocabulary.NONE : tagVocabulary;
    }

    /** Without a controlled tag vocabulary. */
    public AiSettings(boolean enabled, List<String> chain, Taxonomy taxonomy, int inputBudgetChars) {
        this(enabled, chain, taxonomy, inputBudgetChars, TagVocabulary.NONE);
    }

    /** What a tenant has before it configures anything: on, the offline model only, the default taxonomy
     * (the instance may set another default budget, {@code almanac.generation.content-budget-chars}). */
    public static AiSettings defaults() {
        return new AiSettings(true, List.of("local"), Taxonomy.defaults(), DEFAULT_INPUT_BUDGET);
    }
}
