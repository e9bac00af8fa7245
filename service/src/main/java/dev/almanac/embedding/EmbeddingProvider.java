package dev.almanac.embedding;

import java.util.List;

/**
 * Turns text into unit-length vectors. Two implementations: the in-process MiniLM model (default,
 * offline) and an OpenAI-compatible HTTP API. Vectors of different models are never mixed: every
 * stored vector records {@link #modelName()}.
 */
public interface EmbeddingProvider {
    String modelName();

    int dimension();

    /** One normalized vector per text, in order. */
    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        norm = Math.sqrt(norm);
        if (norm == 0) return v;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / norm);
        return out;
    }
}
