package dev.almanac.generation.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void aLowerCaseLineRunsIntoTheSentenceBeforeItUnlessABlankLineSeparatesThem() {
        // why ProjectContent gives each metadata value a block of its own
        assertThat(Sentences.split("General ledger.\nMonthly books for the finance team.\ncontrolling.\n"))
                .containsExactly("General ledger.", "Monthly books for the finance team. controlling.");
        assertThat(Sentences.split("General ledger.\nMonthly books for the finance team.\n\ncontrolling.\n"))
                .containsExactly("General ledger.", "Monthly books for the finance team.", "controlling.");
    }
}
