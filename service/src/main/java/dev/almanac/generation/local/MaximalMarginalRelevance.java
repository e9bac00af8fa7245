package dev.almanac.generation.local;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Picks items that are relevant yet unlike each other: each step takes the item maximizing
 * {@code lambda * relevance - (1 - lambda) * (max similarity to an item already taken)}
 * (Carbonell and Goldstein, 1998). Ties go to the earlier item, so the result is deterministic.
 */
final class MaximalMarginalRelevance {

    private MaximalMarginalRelevance() {}

    /**
     * @param relevance  relevance of each item (e.g. cosine to the document)
     * @param vectors    embedding of each item, for the redundancy term
     * @param lambda     1 = pure relevance, 0 = pure diversity
     * @param limit      how many to pick at most
     * @param acceptable called with an item's index once it is the best remaining choice; false skips
     *                   it for good (near-duplicates, length caps)
     * @return indices in the order picked
     */
    static List<Integer> select(double[] relevance, List<float[]> vectors, double lambda, int limit,
            IntPredicate acceptable) {
        int n = relevance.length;
        boolean[] done = new boolean[n];
        double[] maxSimilarityToPicked = new double[n];
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < limit) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (done[i]) {
                    continue;
                }
                double redundancy = picked.isEmpty() ? 0 : maxSimilarityToPicked[i];
                double score = lambda * relevance[i] - (1 - lambda) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            done[best] = true;
            if (!acceptable.test(best)) {
                continue;
            }
            picked.add(best);
            float[] chosen = vectors.get(best);
            for (int i = 0; i < n; i++) {
                if (!done[i]) {
                    maxSimilarityToPicked[i] = Math.max(maxSimilarityToPicked[i], Vectors.cosine(chosen, vectors.get(i)));
                }
            }
        }
        return picked;
    }
}
