package dev.almanac.generation.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Where one generate() spends its time, part by part, on the labelled corpus (single thread). */
public final class GenerationProfile {
    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) texts.add(json.readTree(line).get("text").asString());
        }
        var embeddings = new LocalEmbeddings();
        var generator = new LocalMetadataGenerator(embeddings);
        for (int i = 0; i < 20; i++) generator.generate(texts.get(i), Taxonomy.defaults());
        long split = 0, cands = 0, embPieces = 0, embCands = 0, embCat = 0, gen = 0;
        int nPieces = 0, nCands = 0;
        for (String content : texts) {
            long t0 = System.nanoTime();
            String text = InputBudget.truncate(content, 4000);
            List<String> pieces = Sentences.split(text);
            long t1 = System.nanoTime();
            var c = Keyphrases.candidates(pieces, 48);
            long t2 = System.nanoTime();
            embeddings.embedAll(pieces);
            long t3 = System.nanoTime();
            embeddings.embedAll(c.stream().map(Keyphrases.Candidate::phrase).toList());
            long t4 = System.nanoTime();
            embeddings.embed(CategoryClassifier.categoryText(text));
            long t5 = System.nanoTime();
            generator.generate(content, Taxonomy.defaults());
            long t6 = System.nanoTime();
            split += t1 - t0; cands += t2 - t1; embPieces += t3 - t2; embCands += t4 - t3; embCat += t5 - t4; gen += t6 - t5;
            nPieces += pieces.size(); nCands += c.size();
        }
        int n = texts.size();
        System.out.printf("docs %d, mean chars %d; per doc ms: split %.1f, candidates(OpenNLP) %.1f, embed %.1f pieces %.1f, embed %.1f candidates %.1f, embed category text %.1f; generate %.1f%n",
                n, texts.stream().mapToInt(s -> Math.min(4000, s.length())).sum() / n, split / 1e6 / n, cands / 1e6 / n,
                nPieces / (double) n, embPieces / 1e6 / n, nCands / (double) n, embCands / 1e6 / n, embCat / 1e6 / n, gen / 1e6 / n);
    }
}
