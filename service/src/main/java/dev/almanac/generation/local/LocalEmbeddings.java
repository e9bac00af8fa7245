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

    /**
     * Embeddings of {@code texts}, each read on its own: a vector that depends on nothing but its
     * text. In a batch the model's int8 rounding depends a little on the other rows (up to 0.005 in
     * a cosine), enough to reorder close tags; that is what a vector kept across documents must not
     * do. About 1.5x the cost of a batch for short phrases.
     */
    public List<float[]> embedEach(List<String> texts) {
        List<float[]> vectors = new java.util.ArrayList<>(texts.size());
        for (String text : texts) vectors.add(embed(text));
        return vectors;
    }

    /** {@link MiniLmEncoder#embedInContext}: a text's embedding and its ranges' tokens as read in it. */
    public MiniLmEncoder.InContext embedInContext(String text, List<int[]> spans) {
        return MiniLmEncoder.shared().embedInContext(text, spans);
    }

    public String modelName() {
        return MODEL_NAME;
    }

    public int dimension() {
        return MiniLmEncoder.DIMENSION;
    }
}
