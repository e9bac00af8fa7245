package dev.almanac.generation.local;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sentence embeddings computed in process by all-MiniLM-L6-v2 (quantized ONNX, shipped inside a
 * Maven artifact): no network, no API key. Vectors are L2-normalized, so a dot product is the
 * cosine similarity. Thread-safe; the model loads once per JVM, on first use.
 */
@Component
public class LocalEmbeddings {

    private static final Logger log = LoggerFactory.getLogger(LocalEmbeddings.class);
    private static final String MODEL_NAME = "all-MiniLM-L6-v2-q";
    private static final int DIMENSION = 384;

    // why a static holder: the ONNX session (~23 MB model, ~0.5 s to load) is per JVM, not per
    // bean; tests and benchmarks that build their own LocalEmbeddings must not load it again.
    private static final Supplier<AllMiniLmL6V2QuantizedEmbeddingModel> MODEL = new Supplier<>() {
        private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

        @Override
        public AllMiniLmL6V2QuantizedEmbeddingModel get() {
            var loaded = model;
            if (loaded == null) {
                synchronized (this) {
                    if (model == null) {
                        long start = System.nanoTime();
                        // why a caller-runs executor: callers (generation workers, indexers) already
                        // run in parallel, and ONNX Runtime uses every core inside one call; a second
                        // pool on top only oversubscribes the CPU.
                        model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
                        model.embed("warm up");
                        log.info("Loaded embedding model {} in {} ms", MODEL_NAME,
                                (System.nanoTime() - start) / 1_000_000);
                    }
                    loaded = model;
                }
            }
            return loaded;
        }
    };

    public float[] embed(String text) {
        return MODEL.get().embed(text).content().vector();
    }

    /** Embeddings of {@code texts}, in the same order. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(text));
        }
        List<Embedding> embeddings = MODEL.get().embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(embedding.vector());
        }
        return vectors;
    }

    public String modelName() {
        return MODEL_NAME;
    }

    public int dimension() {
        return DIMENSION;
    }
}
