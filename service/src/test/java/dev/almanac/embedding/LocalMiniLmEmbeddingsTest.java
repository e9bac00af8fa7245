package dev.almanac.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.RealTextCorpus;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Vectors already stored were computed by LangChain4j's model class; our faster path for short
 * texts must give the same vectors, or queries would be compared with documents made differently.
 */
class LocalMiniLmEmbeddingsTest {

    @Test
    void givesLangChain4jsVectorsForShortAndLongRealTexts() {
        String text = RealTextCorpus.load(5, 400).stream().map(RealTextCorpus.Document::text)
                .reduce("", (a, b) -> a + " " + b).trim();
        String[] words = text.split("\\s+");
        List<String> texts = new ArrayList<>();
        for (int n : new int[] {1, 5, 12, 40, 90, 105, 160, 300}) {
            texts.add(String.join(" ", Arrays.copyOfRange(words, 0, Math.min(words.length, n))));
        }
        texts.add("   ");
        var reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        try (var embeddings = new LocalMiniLmEmbeddings(2)) {
            List<float[]> batch = embeddings.embedAll(texts);
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i).isBlank() ? "." : texts.get(i);
                float[] expected = EmbeddingProvider.normalize(reference.embed(TextSegment.from(t)).content().vector());
                assertThat(cosine(embeddings.embed(texts.get(i)), expected)).as("one text: %s", t).isGreaterThan(0.99999);
                assertThat(cosine(batch.get(i), expected)).as("in a batch: %s", t).isGreaterThan(0.99999);
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        return dot; // both unit vectors
    }
}
