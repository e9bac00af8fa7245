package dev.almanac.generation.local;

import java.util.List;
import java.util.Set;

/**
 * What one tenant's people taught the local provider, for one document: labelled examples of other
 * projects (accepted and rejected categories with their text vectors), the categories rejected for
 * this very project, and the tags the tenant accepted (its vocabulary). Built per tenant, never
 * mixed across tenants.
 */
public record Guidance(List<CategoryClassifier.Example> examples, Set<String> rejectedCategories,
        List<String> vocabulary) {

    public static final Guidance NONE = new Guidance(List.of(), Set.of(), List.of());

    public Guidance {
        examples = List.copyOf(examples);
        rejectedCategories = Set.copyOf(rejectedCategories);
        vocabulary = List.copyOf(vocabulary);
    }
}
