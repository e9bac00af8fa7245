package dev.almanac.generation.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Category accuracy of the local provider on the labelled corpus of bench/generation/eval (see its
 * README): the generator as it was (whole description + best facet over the mean of sentence
 * vectors), plain zero-shot cosine on the first 2,000 characters, and the learning curve when a
 * tenant has labelled k examples per category, for several weights of the learned part.
 *
 * <p>Run: {@code bench/generation/eval/run.sh}. Arguments: corpus.jsonl taxonomy.json [out.md]
 */
public final class CategoryEval {

    record Doc(String name, String label, String text) {}

    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<Doc> docs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) continue;
            JsonNode n = json.readTree(line);
            docs.add(new Doc(n.get("name").asString(), n.get("category").asString(), n.get("text").asString()));
        }
        JsonNode t = json.readTree(Files.readString(Path.of(args[1])));
        List<Taxonomy.Category> categories = new ArrayList<>();
        for (JsonNode c : t.get("categories")) {
            categories.add(new Taxonomy.Category(c.get("label").asString(), c.get("description").asString()));
        }
        Taxonomy taxonomy = new Taxonomy(categories, Taxonomy.DEFAULT_THRESHOLD);
        StringBuilder out = new StringBuilder();
        var embeddings = new LocalEmbeddings();
        List<float[]> prompts = embeddings.embedAll(categories.stream().map(Taxonomy.Category::prompt).toList());
        long start = System.nanoTime();
        List<float[]> vectors = embeddings.embedAll(docs.stream().map(d -> CategoryClassifier.categoryText(d.text())).toList());
        double embedSeconds = (System.nanoTime() - start) / 1e9;
        line(out, "documents: %d, categories: %d; embedding their first %d characters: %.1f s",
                docs.size(), categories.size(), CategoryClassifier.TEXT_CHARS, embedSeconds);

        // the generator as it stands (whatever this build's LocalMetadataGenerator does)
        var generator = new LocalMetadataGenerator(embeddings);
        int right = 0;
        for (Doc d : docs) {
            if (generator.generate(d.text(), taxonomy).category().equals(d.label())) right++;
        }
        line(out, "| method | examples per category | accuracy |");
        line(out, "|---|---|---|");
        line(out, "| LocalMetadataGenerator.generate (this build) | 0 | %.3f |", right / (double) docs.size());
        int zs = 0;
        for (int i = 0; i < docs.size(); i++) {
            if (CategoryClassifier.classify(vectors.get(i), taxonomy, prompts, List.of(), Set.of()).label()
                    .equals(docs.get(i).label())) zs++;
        }
        line(out, "| zero-shot cosine, first 2,000 chars vs \"label: description\" | 0 | %.3f |", zs / (double) docs.size());

        // zero-shot with facets: half the whole "label: description", half its best term, same vectors
        List<List<float[]>> facets = categories.stream().map(c -> embeddings.embedAll(c.facets())).toList();
        int fz = 0;
        for (int i = 0; i < docs.size(); i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < categories.size(); c++) {
                double facet = Double.NEGATIVE_INFINITY;
                for (float[] f : facets.get(c)) facet = Math.max(facet, Vectors.cosine(vectors.get(i), f));
                double score = 0.5 * Vectors.cosine(vectors.get(i), prompts.get(c)) + 0.5 * facet;
                if (score > bestScore) { bestScore = score; best = c; }
            }
            if (categories.get(best).label().equals(docs.get(i).label())) fz++;
        }
        line(out, "| zero-shot, 0.5 × \"label: description\" + 0.5 × best facet, first 2,000 chars | 0 | %.3f |", fz / (double) docs.size());

        Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < docs.size(); i++) byLabel.computeIfAbsent(docs.get(i).label(), k -> new ArrayList<>()).add(i);
        for (int k : new int[] {1, 2, 5, 10, 20}) {
            for (double weight : new double[] {0.5, 0.7, 0.9, 1.0}) {
                double sum = 0;
                int seeds = 10;
                for (int seed = 1; seed <= seeds; seed++) {
                    Random random = new Random(seed);
                    List<CategoryClassifier.Example> examples = new ArrayList<>();
                    Set<Integer> used = new HashSet<>();
                    for (List<Integer> members : byLabel.values()) {
                        List<Integer> shuffled = new ArrayList<>(members);
                        java.util.Collections.shuffle(shuffled, random);
                        // always leave at least half of a category to test on
                        for (int i : shuffled.subList(0, Math.min(k, members.size() / 2))) {
                            examples.add(new CategoryClassifier.Example(docs.get(i).name(), vectors.get(i), docs.get(i).label(), true));
                            used.add(i);
                        }
                    }
                    int ok = 0, total = 0;
                    for (int i = 0; i < docs.size(); i++) {
                        if (used.contains(i)) continue;
                        total++;
                        if (CategoryClassifier.classify(vectors.get(i), taxonomy, prompts, examples, Set.of(), weight)
                                .label().equals(docs.get(i).label())) ok++;
                    }
                    sum += ok / (double) total;
                }
                line(out, "| %s (max weight %.1f), mean of %d draws, on the documents not drawn | %d | %.3f |",
                        weight == 1.0 ? "kNN only" : "zero-shot + kNN blend", weight, seeds, k, sum / seeds);
            }
        }
        // a rejection: for each document zero-shot gets wrong, reject that answer and ask again
        int wrong = 0, fixed = 0, repeated = 0;
        for (int i = 0; i < docs.size(); i++) {
            var first = CategoryClassifier.classify(vectors.get(i), taxonomy, prompts, List.of(), Set.of());
            if (first.label().equals(docs.get(i).label())) continue;
            wrong++;
            var second = CategoryClassifier.classify(vectors.get(i), taxonomy, prompts, List.of(), Set.of(first.label()));
            if (second.label().equals(first.label())) repeated++;
            if (second.label().equals(docs.get(i).label())) fixed++;
        }
        line(out, "");
        line(out, "After rejecting the zero-shot answer of each of the %d documents it got wrong: the rejected value "
                + "came back %d times; the next answer was right for %d.", wrong, repeated, fixed);
        if (args.length > 2) Files.writeString(Path.of(args[2]), out);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        out.append(text).append('\n');
    }
}
