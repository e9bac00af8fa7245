package dev.almanac.generation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectContentTest {

    @Test
    void aDescriptionWithoutAFullStopIsEndedAsASentence() {
        // else the sentence splitter runs it into the next line, a person's metadata value
        assertThat(ProjectContent.asSentence("Monthly books for the finance team")).isEqualTo("Monthly books for the finance team.");
    }

    @Test
    void aDescriptionThatEndsAsASentenceIsLeftAlone() {
        assertThat(ProjectContent.asSentence("Monthly books.")).isEqualTo("Monthly books.");
        assertThat(ProjectContent.asSentence("Is it late? ")).isEqualTo("Is it late?");
        assertThat(ProjectContent.asSentence("  ")).isEmpty();
    }
}
