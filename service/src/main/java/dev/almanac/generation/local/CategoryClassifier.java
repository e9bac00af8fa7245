package dev.almanac.generation.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks a document's category from one vector of its text (the embedding of its first
 * {@value #TEXT_CHARS} characters), in two parts:
 *
 * <ul>
 *   <li><b>Zero-shot</b>: cosine between the document and each category's "label: description".
 *       This is the cold start, and what a category nobody has labelled yet is judged by.
 *   <li><b>Learned</b>: the tenant's labelled examples (categories people accepted, edited or
 *       wrote themselves, each with the vector of its project's text). A category's learned score is
 *       the mean cosine of the document to its {@value #NEIGHBOURS} nearest examples; it is blended
 *       with the zero-shot score, the more examples a category has, the more weight (up to
 *       {@value #MAX_LEARNED_WEIGHT}). Categories without examples get the zero-shot score shifted by
 *       the mean gap between learned and zero-shot scores of the others, so that having examples is
 *       not in itself an advantage.
 *   <li><b>Rejections</b>: a category rejected for this very project is never suggested for it
 *       again; an example rejected elsewhere pushes its category down for documents very like it.
 * </ul>
 *
 * Measured in {@code bench/generation/eval/README.md}. Examples never cross tenants: the caller
 * hands in one tenant's examples only.
 */
public final class CategoryClassifier {

    /** Characters of the document's text that make its category vector. */
    public static final int TEXT_CHARS = 2_000;
    static final int NEIGHBOURS = 3;
    static final double MAX_LEARNED_WEIGHT = 0.7;
    /** Examples per category at which the learned score gets half of its maximum weight. */
    static final double HALF_WEIGHT_EXAMPLES = 2;
    static final double REJECTION_PENALTY = 0.5;
    /** Rejected examples only count for documents at least this similar to them. */
    static final double REJECTION_SIMILARITY = 0.6;
    static final double TEMPERATURE = 0.05;

    /** One labelled project: its text vector, the category people gave it (or rejected for it). */
    public record Example(String projectId, float[] vector, String label, boolean accepted) {}

    /** A category and how sure the classifier is (a softmax over all categories). */
    public record Choice(String label, double confidence, boolean learned) {}

    private CategoryClassifier() {}

    /** The text whose embedding is the document's category vector. */
    public static String categoryText(String text) {
        return text.length() <= TEXT_CHARS ? text : text.substring(0, TEXT_CHARS);
    }

    /**
     * @param prompts   the taxonomy's categories' "label: description" vectors, in taxonomy order
     * @param examples  the tenant's examples (of other projects; this project's own accepted value is
     *                  not a hint about itself)
     * @param rejectedHere categories rejected for this project
     */
    public static Choice classify(float[] document, Taxonomy taxonomy, List<float[]> prompts, List<Example> examples,
            Set<String> rejectedHere) {
        return classify(document, taxonomy, prompts, examples, rejectedHere, MAX_LEARNED_WEIGHT);
    }

    /** As above, with the learned part's maximum weight given (the evaluation compares several). */
    static Choice classify(float[] document, Taxonomy taxonomy, List<float[]> prompts, List<Example> examples,
            Set<String> rejectedHere, double maxLearnedWeight) {
        List<Taxonomy.Category> categories = taxonomy.categories();
        int n = categories.size();
        double[] zeroShot = new double[n];
        for (int i = 0; i < n; i++) {
            zeroShot[i] = Vectors.cosine(document, prompts.get(i));
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(categories.get(i).label(), i);
        }
        List<List<Double>> positives = new ArrayList<>();
        double[] penalty = new double[n];
        for (int i = 0; i < n; i++) {
            positives.add(new ArrayList<>());
        }
        for (Example example : examples) {
            Integer i = index.get(example.label());
            if (i == null || example.vector() == null) {
                continue; // a label the taxonomy no longer has
            }
            double similarity = Vectors.cosine(document, example.vector());
            if (example.accepted()) {
                positives.get(i).add(similarity);
            } else if (similarity > REJECTION_SIMILARITY) {
                penalty[i] = Math.max(penalty[i],
                        REJECTION_PENALTY * (similarity - REJECTION_SIMILARITY) / (1 - REJECTION_SIMILARITY));
            }
        }
        double[] learned = new double[n];
        double gap = 0;
        int withExamples = 0;
        for (int i = 0; i < n; i++) {
            List<Double> sims = positives.get(i);
            if (sims.isEmpty()) {
                continue;
            }
            sims.sort(Comparator.reverseOrder());
            int k = Math.min(NEIGHBOURS, sims.size());
            learned[i] = sims.subList(0, k).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            gap += learned[i] - zeroShot[i];
            withExamples++;
        }
        boolean anyLearned = withExamples > 0;
        double meanGap = anyLearned ? gap / withExamples : 0;
        double[] score = new double[n];
        int best = -1;
        for (int i = 0; i < n; i++) {
            int count = positives.get(i).size();
            if (!anyLearned) {
                score[i] = zeroShot[i];
            } else {
                double weight = maxLearnedWeight * count / (count + HALF_WEIGHT_EXAMPLES);
                double learnedScore = count == 0 ? zeroShot[i] + meanGap : learned[i];
                // without examples: the zero-shot score lifted to the learned scale, fully
                double w = count == 0 ? maxLearnedWeight : weight;
                double zeroShotOnScale = count == 0 ? zeroShot[i] : zeroShot[i] + meanGap;
                score[i] = (1 - w) * zeroShotOnScale + w * learnedScore - penalty[i];
            }
            if (rejectedHere.contains(categories.get(i).label())) {
                score[i] = Double.NEGATIVE_INFINITY;
                continue;
            }
            if (best < 0 || score[i] > score[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return new Choice(Taxonomy.UNCATEGORIZED, 0, anyLearned);
        }
        if (!anyLearned && zeroShot[best] < taxonomy.threshold()) {
            double margin = taxonomy.threshold() <= 0 ? 1 : 1 - zeroShot[best] / taxonomy.threshold();
            return new Choice(Taxonomy.UNCATEGORIZED, round(Math.max(0, Math.min(1, margin))), false);
        }
        double sum = 0;
        for (double s : score) {
            if (s != Double.NEGATIVE_INFINITY) {
                sum += Math.exp((s - score[best]) / TEMPERATURE);
            }
        }
        return new Choice(categories.get(best).label(), round(1 / sum), anyLearned);
    }

    /** Zero-shot scores only, for the evaluation. */
    static double[] zeroShot(float[] document, List<float[]> prompts) {
        return prompts.stream().mapToDouble(p -> Vectors.cosine(document, p)).toArray();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

}
