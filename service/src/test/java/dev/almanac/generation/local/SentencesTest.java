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

    @Test
    void eachPieceIsFoundInTheTextItCameFromThoughMarkupWasTakenOut() {
        String text = "# Ledger\n\nKeeps **monthly** books, see [the docs](https://example.org/docs).\n"
                + "- Exports `CSV` files for the accountant.\nA line   with  spaces.";
        int from = 0;
        for (String piece : Sentences.split(text)) {
            int[] span = Sentences.locate(text, piece, from);
            assertThat(span).as(piece).isNotNull();
            String found = text.substring(span[0], span[1]);
            assertThat(found.replaceAll("\\(https?://[^)]*\\)", "").split("[^\\p{L}\\p{N}]+"))
                    .as(piece).containsExactly(piece.split("[^\\p{L}\\p{N}]+"));
            from = span[1];
        }
        assertThat(Sentences.locate(text, "words that are not there", 0)).isNull();
        assertThat(Sentences.locate(text, "Ledger", text.length() - 5)).isNull(); // only from where it is asked to look
    }
}
