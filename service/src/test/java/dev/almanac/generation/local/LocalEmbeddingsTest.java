package dev.almanac.generation.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalEmbeddingsTest {

    private final LocalEmbeddings embeddings = new LocalEmbeddings();

    // Why 0.98 and not 0.9999: the model is dynamically quantized to int8, with scales computed per
    // input tensor, so a text's vector moves slightly with the texts it is batched (padded) with.
    private static final double SAME_TEXT = 0.98;

    @Test
    void agreesWithLangChain4jsOwnEncodingOfTheSameModel() {
        var reference = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
        List<String> texts = List.of("quarterly revenue", "The patient was discharged on the fourth day.",
                RealTexts.RELEASE_NOTES.substring(0, 600));
        List<float[]> ours = embeddings.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] theirs = reference.embed(texts.get(i)).content().vector();
            assertThat(Vectors.cosine(ours.get(i), theirs)).as(texts.get(i)).isGreaterThan(SAME_TEXT);
        }
    }

    @Test
    void batchesGiveTheSameVectorsAsSingleTextsInTheSameOrder() {
        List<String> texts = List.of("gross margin", "A drug-eluting stent was placed and blood flow was restored.",
                "session middleware", RealTexts.QUARTERLY_RESULTS);
        List<float[]> batch = embeddings.embedAll(texts);
        assertThat(batch).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] single = embeddings.embed(texts.get(i));
            assertThat(single).hasSize(embeddings.dimension());
            assertThat(Vectors.cosine(batch.get(i), single)).isGreaterThan(SAME_TEXT);
            assertThat(Vectors.cosine(single, single)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void similarMeaningIsCloserThanUnrelatedMeaning() {
        List<float[]> v = embeddings.embedAll(List.of("net income and earnings per share",
                "the company's quarterly profit", "a rash on the patient's arm"));
        assertThat(Vectors.cosine(v.get(0), v.get(1))).isGreaterThan(Vectors.cosine(v.get(0), v.get(2)) + 0.2);
    }

    @Test
    void textLongerThanTheModelWindowIsReadToTheEnd() {
        String medicalThenFinance = RealTexts.DISCHARGE_NOTE + "\n" + RealTexts.QUARTERLY_RESULTS.repeat(2);
        List<float[]> v = embeddings.embedAll(List.of(medicalThenFinance, RealTexts.DISCHARGE_NOTE,
                RealTexts.QUARTERLY_RESULTS));
        // a single 256-token window would only see the medical note
        assertThat(Vectors.cosine(v.get(0), v.get(2))).isGreaterThan(Vectors.cosine(v.get(1), v.get(2)) + 0.1);
        assertThat(embeddings.modelName()).isEqualTo("all-MiniLM-L6-v2-q");
    }
}
