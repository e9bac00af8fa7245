package dev.almanac.generation.settings;

import dev.almanac.generation.local.Taxonomy;
import java.util.List;

/**
 * A tenant's AI settings: whether generation runs at all for it, which providers to try in order,
 * the categories to sort into, and how much of a project's content goes to the model.
 */
public record AiSettings(boolean enabled, List<String> chain, Taxonomy taxonomy, int inputBudgetChars) {
    public static final int DEFAULT_INPUT_BUDGET = 4_000;

    public AiSettings {
        chain = List.copyOf(chain);
    }

    /** What a tenant has before it configures anything: on, the offline model only, the default taxonomy
     * (the instance may set another default budget, {@code almanac.generation.content-budget-chars}). */
    public static AiSettings defaults() {
        return new AiSettings(true, List.of("local"), Taxonomy.defaults(), DEFAULT_INPUT_BUDGET);
    }
}
