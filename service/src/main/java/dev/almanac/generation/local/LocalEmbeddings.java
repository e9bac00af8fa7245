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

    /** Embeddings of {@code texts}, in the same order; a text given twice is embedded once. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        var distinct = new java.util.LinkedHashMap<String, Integer>();
        texts.forEach(text -> distinct.putIfAbsent(text, distinct.size()));
        if (distinct.size() == texts.size()) {
            return MiniLmEncoder.shared().embedAll(texts);
        }
        List<float[]> vectors = MiniLmEncoder.shared().embedAll(List.copyOf(distinct.keySet()));
        return texts.stream().map(text -> vectors.get(distinct.get(text))).toList();
    }

    public String modelName() {
        return MODEL_NAME;
    }

    public int dimension() {
        return MiniLmEncoder.DIMENSION;
    }
}
