package dev.almanac.generation.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.json.JsonMapper;

/**
 * The raw engine under generation, for bench/generation/throughput.sh: the same texts a run of it
 * generated for (one JSON string per line), each cut to the 4,000-character budget and embedded
 * whole by {@link LocalEmbeddings#embed} on {@code threads} threads. Arguments: texts.jsonl threads.
 */
public final class RawEmbeddingBench {
    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) texts.add(InputBudget.truncate(json.readTree(line).asString(), 4_000));
        }
        int threads = Integer.parseInt(args[1]);
        var embeddings = new LocalEmbeddings();
        for (int i = 0; i < 20; i++) embeddings.embed(texts.get(i)); // model load and warm-up
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<float[]>> done = new ArrayList<>();
        for (String text : texts) done.add(pool.submit(() -> embeddings.embed(text)));
        for (Future<float[]> f : done) f.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        pool.shutdown();
        System.out.printf("raw embedding (LocalEmbeddings.embed of each whole text, %d threads): %d texts in %.1f s = %.2f docs/s; "
                + "CPU time %.1f s = %.0f ms per document; 2 cores at that cost: %.1f docs/s%n",
                threads, texts.size(), seconds, texts.size() / seconds, cpu, 1000 * cpu / texts.size(), 2 * texts.size() / cpu);
        phraseRepetition(texts);
    }

    /**
     * How much of the phrase work generation's cache of candidate-phrase vectors saves on these
     * texts, in the order they were generated: an LRU of the same size (the cache itself is
     * Caffeine's W-TinyLFU, which keeps frequent phrases at least as well).
     */
    private static void phraseRepetition(List<String> texts) {
        int capacity = 10_000;
        var lru = new java.util.LinkedHashMap<String, Boolean>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
        long total = 0;
        long read = 0;
        for (String text : texts) {
            for (Keyphrases.Candidate candidate : Keyphrases.candidates(Sentences.split(text), 48)) {
                total++;
                if (lru.get(candidate.phrase()) == null) {
                    read++;
                    lru.put(candidate.phrase(), Boolean.TRUE);
                }
            }
        }
        System.out.printf("phrases: %d candidate phrases in %d texts, %d (%.0f%%) read by the model with a %,d-phrase cache%n",
                total, texts.size(), read, 100.0 * read / total, capacity);
    }
}
