package dev.almanac.generation.local;

import java.util.List;
import java.util.Set;

/**
 * What one tenant's people taught the local provider, for one document: labelled examples of other
 * projects (accepted and rejected categories with their text vectors), the categories rejected for
 * this very project, the tags the tenant accepted (its vocabulary), and its controlled tag
 * vocabulary when its AI settings have one. Built per tenant, never
 * mixed across tenants.
 */
public record Guidance(List<CategoryClassifier.Example> examples, Set<String> rejectedCategories,
        List<String> vocabulary, TagVocabulary controlled) {

    public static final Guidance NONE = new Guidance(List.of(), Set.of(), List.of());

    /** Without a controlled vocabulary: free tags, the tenant's accepted ones preferred. */
    public Guidance(List<CategoryClassifier.Example> examples, Set<String> rejectedCategories, List<String> vocabulary) {
        this(examples, rejectedCategories, vocabulary, TagVocabulary.NONE);
    }

    public Guidance {
        examples = List.copyOf(examples);
        rejectedCategories = Set.copyOf(rejectedCategories);
        vocabulary = List.copyOf(vocabulary);
        controlled = controlled == null ? TagVocabulary.NONE : controlled;
    }

    /** The same, with the tenant's controlled tag vocabulary (from its AI settings). */
    public Guidance with(TagVocabulary vocabulary) {
        return new Guidance(examples, rejectedCategories, this.vocabulary, vocabulary);
    }
}
