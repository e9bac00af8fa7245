package dev.almanac.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A text's ranges read in context (late chunking): the text's own vector is the one
 * {@link MiniLmEncoder#embedAll} gives, and each range's tokens are found, in the first window or a
 * later one, in ASCII or not, and lean towards what the range says. (Only lean: this small model
 * spreads a text's meaning over all its tokens, which is why generation embeds sentences on their
 * own whenever it has to choose between them.)
 */
class MiniLmEncoderInContextTest {
    private final MiniLmEncoder encoder = MiniLmEncoder.shared();

    @Test
    void theTextVectorIsTheOneEmbedAllGivesAndEachSentenceIsClosestToItself() {
        String first = "Café Olé keeps the espresso machines of a coffee bar running and orders beans.";
        String second = "Völlig anders: the second part tracks zebras across the savanna with GPS collars.";
        String text = first + " " + second;
        var read = encoder.embedInContext(text, List.of(span(text, first), span(text, second), new int[] {0, 0}));

        assertThat(cosine(read.vector(), encoder.embedAll(List.of(text)).getFirst())).isGreaterThan(0.99999);
        assertThat(read.spanTokens()[0]).isGreaterThan(10);
        assertThat(read.spanTokens()[1]).isGreaterThan(10);
        assertThat(read.spanTokens()[2]).isZero();
        float[] coffee = EmbeddingProvider.normalize(read.spanSums()[0]);
        float[] zebras = EmbeddingProvider.normalize(read.spanSums()[1]);
        List<float[]> alone = encoder.embedAll(List.of(first, second));
        assertThat(cosine(coffee, alone.get(0))).isGreaterThan(cosine(coffee, alone.get(1)));
        assertThat(cosine(zebras, alone.get(1))).isGreaterThan(cosine(zebras, alone.get(0)));
    }

    @Test
    void aRangePastTheFirstWindowIsReadInItsOwnWindow() {
        String filler = "The ledger records invoices, receipts and payments for the shop every month. ".repeat(30);
        String last = "Finally, the rocket engine burns liquid oxygen and kerosene at launch.";
        String text = filler + last;
        var read = encoder.embedInContext(text, List.of(span(text, last)));

        assertThat(read.spanTokens()[0]).isBetween(10, 20);
        float[] rocket = EmbeddingProvider.normalize(read.spanSums()[0]);
        List<float[]> alone = encoder.embedAll(List.of(last, filler));
        assertThat(cosine(rocket, alone.get(0))).isGreaterThan(cosine(rocket, alone.get(1)));
    }

    private static int[] span(String text, String part) {
        int at = text.indexOf(part);
        return new int[] {at, at + part.length()};
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        return dot;
    }
}
