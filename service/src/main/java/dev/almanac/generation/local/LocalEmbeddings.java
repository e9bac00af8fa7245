package dev.almanac.generation.local;

import dev.almanac.embedding.MiniLmEncoder;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Sentence embeddings computed in process by all-MiniLM-L6-v2 (quantized ONNX, shipped inside a
 * Maven artifact): no network, no API key. Vectors are L2-normalized, so a dot product is the
 * cosine similarity. Thread-safe; the model loads once per JVM, on first use, and is the one search
 * uses too ({@link MiniLmEncoder#shared()}); {@link #embedAll}
 * encodes in real batches and is much cheaper per text than {@link #embed} in a loop.
 */
@Component
public class LocalEmbeddings {

    private static final String MODEL_NAME = "all-MiniLM-L6-v2-q";

    public float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /** Embeddings of {@code texts}, in the same order. */
    public List<float[]> embedAll(List<String> texts) {
        return texts.isEmpty() ? List.of() : MiniLmEncoder.shared().embedAll(texts);
    }

    public String modelName() {
        return MODEL_NAME;
    }

    public int dimension() {
        return MiniLmEncoder.DIMENSION;
    }
}
