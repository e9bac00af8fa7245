package dev.almanac.generation.local;

import java.util.List;

/** Small vector arithmetic on L2-normalized embeddings (dot product = cosine similarity). */
final class Vectors {

    private Vectors() {}

    static double cosine(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** The normalized mean: the direction the vectors share. */
    static float[] centroid(List<float[]> vectors) {
        float[] sum = new float[vectors.getFirst().length];
        for (float[] vector : vectors) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += vector[i];
            }
        }
        return normalize(sum);
    }

    /** The normalized mean of two vectors weighted {@code wa} and {@code wb} (e.g. the lengths of the texts they stand for). */
    static float[] weightedMean(float[] a, double wa, float[] b, double wb) {
        float[] sum = new float[a.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return normalize(sum);
    }

    static float[] normalize(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return vector;
        }
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }
}
