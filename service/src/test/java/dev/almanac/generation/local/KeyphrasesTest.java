package dev.almanac.generation.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tag candidates are noun phrases: the fragments issue 15 found in real output cannot come back. */
class KeyphrasesTest {

    private static List<String> phrases(String... sentences) {
        return Keyphrases.candidates(List.of(sentences), 100).stream().map(Keyphrases.Candidate::phrase).toList();
    }

    @Test
    void verbFragmentsAndSentencePiecesAreNotCandidates() {
        List<String> phrases = phrases(
                "The dvbackup hides its index in the tape header.",
                "Video is captured by a small tool called dvconnect.",
                "Visitors climb to a nearby ruin instead of the castle.",
                "The program renders vector graphics quickly.",
                "Sox supports many audio formats.",
                "Monthly books.", "Category: finance.");
        assertThat(phrases).doesNotContain("dvbackup hides", "called dvconnect", "nearby ruin instead", "ruin instead",
                "program renders", "sox supports", "monthly books category", "books category");
        assertThat(phrases).contains("tape header", "vector graphics", "audio formats", "nearby ruin");
    }

    @Test
    void everyCandidateEndsWithANoun() {
        String sentence = "The new release adds a faster query planner and fixes several memory leaks in the parser.";
        List<String> phrases = phrases(sentence);
        assertThat(phrases).contains("query planner", "memory leaks", "parser");
        assertThat(phrases).noneMatch(p -> p.endsWith("new") || p.endsWith("faster") || p.startsWith("adds")
                || p.startsWith("fixes"));
    }
}
