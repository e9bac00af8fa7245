package dev.almanac.generation.local;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's controlled tag vocabulary (issue 15): the terms tags are drawn from, each with an
 * optional description that says what it covers (as a glossary or a classification would), and
 * whether free keyphrases from the text may be added when the terms do not cover a document.
 * {@link #NONE} (no terms) means free tags only, as without a vocabulary.
 */
public record TagVocabulary(List<Term> terms, boolean allowFreeTags) {

    public static final TagVocabulary NONE = new TagVocabulary(List.of(), true);

    public record Term(String term, String description) {
        public Term {
            if (term == null || term.isBlank()) {
                throw new IllegalArgumentException("a vocabulary term cannot be empty");
            }
            term = term.strip();
            description = description == null ? "" : description.strip();
        }

        /** What is compared with the document: the term, with its description when it has one. */
        String prompt() {
            return description.isEmpty() ? term : term + ": " + description;
        }
    }

    public TagVocabulary {
        terms = List.copyOf(terms);
        var seen = new HashSet<String>();
        for (Term t : terms) {
            if (!seen.add(t.term().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the vocabulary term '" + t.term() + "' appears twice");
            }
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isSet() {
        return !terms.isEmpty();
    }
}
