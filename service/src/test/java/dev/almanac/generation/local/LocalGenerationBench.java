package dev.almanac.generation.local;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Local generation throughput on real documents, next to the raw embedding throughput of the same
 * model on the same texts, in the same JVM and run (so a busy machine slows both alike).
 *
 * <p>Corpus: documentation found on this machine (Debian READMEs and changelogs, git release notes,
 * Node.js API docs, CMake help, AWS CLI topics, software licenses), cut into pieces of 100–500
 * words at paragraph boundaries, at most 3 pieces per file, interleaved across sources.
 *
 * <p>Run: {@code bench/generation/run.sh} (see there). Arguments: [documents] [threads] [output.md]
 */
public final class LocalGenerationBench {

    private static final List<Source> SOURCES = List.of(
            new Source("git release notes", "/usr/share/doc/git/RelNotes", ".txt"),
            new Source("Node.js API docs", "/usr/share/doc/nodejs/api", ".md"),
            new Source("CMake help", "/usr/share/cmake-3.25/Help", ".rst"),
            new Source("Debian package docs", "/usr/share/doc", "README|NEWS|changelog"),
            new Source("software licenses", "/usr/share/common-licenses", ""),
            new Source("AWS CLI topics", "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/awscli/topics", ".rst"));

    record Source(String name, String dir, String match) {}

    record Document(String source, String file, String text) {
        int words() {
            return text.strip().split("\\s+").length;
        }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path out = args.length > 2 ? Path.of(args[2]) : null;
        var report = new StringBuilder();
        Consumer<String> line = text -> {
            System.out.println(text);
            report.append(text).append('\n');
        };

        String loadBefore = loadAverage();
        long start = System.nanoTime();
        var embeddings = new LocalEmbeddings();
        embeddings.embed("load the model");
        double loadSeconds = seconds(start);
        var generator = new LocalMetadataGenerator(embeddings);

        List<Document> documents = corpus(count);
        List<String> texts = documents.stream().map(Document::text).toList();
        long words = documents.stream().mapToLong(Document::words).sum();

        GeneratedMetadata[] generated = new GeneratedMetadata[texts.size()];
        IntConsumer embed = i -> embeddings.embed(texts.get(i));
        // for reference: LangChain4j's own class, same model file (one ONNX call per text, ORT's default threads)
        var reference = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
        IntConsumer embedReference = i -> reference.embed(texts.get(i));
        IntConsumer generate = i -> generated[i] = generator.generate(texts.get(i), Taxonomy.defaults());

        // warm-up: JIT, ONNX Runtime's arenas, the taxonomy cache
        run(threads, 40, embed);
        run(threads, 40, embedReference);
        run(threads, 40, generate);

        double[] embedSeconds = new double[2];
        double[] referenceSeconds = new double[2];
        double[] generateSeconds = new double[2];
        for (int round = 0; round < 2; round++) { // alternate, so neither gets only the quiet moments
            embedSeconds[round] = run(threads, texts.size(), embed);
            referenceSeconds[round] = run(threads, texts.size(), embedReference);
            generateSeconds[round] = run(threads, texts.size(), generate);
        }
        String loadAfter = loadAverage();
        List<GeneratedMetadata> results = List.of(generated);
        double embeddedPerDocument = texts.stream().mapToInt(LocalGenerationBench::textsEmbeddedFor).average().orElse(0);

        line.accept("## Local generation benchmark (all-MiniLM-L6-v2-q, in process)");
        line.accept("");
        line.accept("- Machine: %d cores (%s), %s, JDK %s, %d MB max heap".formatted(
                Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("os.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20));
        line.accept("- Load average (1, 5, 15 min) before: %s, after: %s — other builds shared the machine"
                .formatted(loadBefore, loadAfter));
        line.accept("- Model load (first embed, cold JVM): %.2f s".formatted(loadSeconds));
        line.accept("- Corpus: %d documents, %d words (%d–%d per document, mean %d), from: %s".formatted(
                documents.size(), words, documents.stream().mapToInt(Document::words).min().orElse(0),
                documents.stream().mapToInt(Document::words).max().orElse(0), words / documents.size(),
                sourceCounts(documents)));
        line.accept("- Threads: %d".formatted(threads));
        line.accept("");
        line.accept("| round | raw embedding, LocalEmbeddings.embed(doc) | raw embedding, LangChain4j AllMiniLmL6V2QuantizedEmbeddingModel.embed(doc) | generate (summary + tags + category) | generate vs LocalEmbeddings raw |");
        line.accept("|---|---|---|---|---|");
        for (int round = 0; round < 2; round++) {
            double embedRate = texts.size() / embedSeconds[round];
            double generateRate = texts.size() / generateSeconds[round];
            line.accept("| %d | %.1f docs/s (%.1f s) | %.1f docs/s (%.1f s) | %.1f docs/s (%.1f s) | %.1f× slower |".formatted(
                    round + 1, embedRate, embedSeconds[round], texts.size() / referenceSeconds[round],
                    referenceSeconds[round], generateRate, generateSeconds[round], embedRate / generateRate));
        }
        line.accept("");
        line.accept("- Texts embedded per document by generate (sentences + candidate phrases): %.1f"
                .formatted(embeddedPerDocument));
        line.accept("- Categories: %s".formatted(categoryCounts(results)));
        line.accept("- Documents with fewer than 3 tags: %d; with an empty summary: %d".formatted(
                results.stream().filter(r -> r.tags().size() < 3).count(),
                results.stream().filter(r -> r.summary().isEmpty()).count()));
        line.accept("- Tags per document: mean %.1f, min %d, max %d; summary length: mean %.0f chars".formatted(
                results.stream().mapToInt(r -> r.tags().size()).average().orElse(0),
                results.stream().mapToInt(r -> r.tags().size()).min().orElse(0),
                results.stream().mapToInt(r -> r.tags().size()).max().orElse(0),
                results.stream().mapToInt(r -> r.summary().length()).average().orElse(0)));
        line.accept("- Mean quality %.3f, mean summary confidence %.3f, mean category confidence %.3f".formatted(
                results.stream().mapToDouble(GeneratedMetadata::quality).average().orElse(0),
                results.stream().mapToDouble(GeneratedMetadata::summaryConfidence).average().orElse(0),
                results.stream().mapToDouble(GeneratedMetadata::categoryConfidence).average().orElse(0)));
        line.accept("");
        line.accept("### Examples (one per source, first document of each)");
        for (String source : SOURCES.stream().map(Source::name).toList()) {
            for (int i = 0; i < documents.size(); i++) {
                if (documents.get(i).source().equals(source)) {
                    example(line, documents.get(i), results.get(i));
                    break;
                }
            }
        }
        if (out != null) {
            Files.writeString(out, report);
        }
    }

    private static void example(Consumer<String> line, Document document, GeneratedMetadata metadata) {
        line.accept("");
        line.accept("**%s** — `%s` (%d words), starts: “%s…”".formatted(document.source(), document.file(),
                document.words(), document.text().strip().replaceAll("\\s+", " ").substring(0, 160)));
        line.accept("");
        line.accept("- summary (confidence %.2f): %s".formatted(metadata.summaryConfidence(), metadata.summary()));
        line.accept("- tags: %s".formatted(String.join(", ", metadata.tags().stream()
                .map(tag -> "%s (%.2f)".formatted(tag.name(), tag.score())).toList())));
        line.accept("- category: %s (confidence %.2f); quality %.2f".formatted(metadata.category(),
                metadata.categoryConfidence(), metadata.quality()));
    }

    private static int textsEmbeddedFor(String text) {
        // what generate() sends to the model, recomputed from the same package-private steps
        List<String> sentences = Sentences.split(InputBudget.truncate(text, 4_000));
        return sentences.size() + Keyphrases.candidates(sentences, LocalMetadataGenerator.Settings.defaults().maxCandidates()).size();
    }

    /** Seconds to run {@code work} on indices 0..count-1, spread over {@code threads} threads. */
    private static double run(int threads, int count, IntConsumer work) throws Exception {
        var next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        work.accept(i);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        return seconds(start);
    }

    static List<Document> corpus(int count) throws IOException {
        List<List<Document>> perSource = new ArrayList<>();
        for (Source source : SOURCES) {
            List<Document> documents = new ArrayList<>();
            for (Path file : files(source)) {
                int taken = 0;
                for (String piece : pieces(read(file))) {
                    documents.add(new Document(source.name(), file.toString(), piece));
                    if (++taken == 3) {
                        break;
                    }
                }
            }
            perSource.add(documents);
        }
        List<Document> corpus = new ArrayList<>();
        for (int i = 0; corpus.size() < count; i++) { // round-robin across sources
            boolean any = false;
            for (List<Document> documents : perSource) {
                if (i < documents.size() && corpus.size() < count) {
                    corpus.add(documents.get(i));
                    any = true;
                }
            }
            if (!any) {
                throw new IllegalStateException("only " + corpus.size() + " documents found on this machine");
            }
        }
        return corpus;
    }

    private static List<Path> files(Source source) throws IOException {
        Path dir = Path.of(source.dir());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> {
                        String name = path.getFileName().toString();
                        return source.match().contains("|")
                                ? name.matches("(?i)(" + source.match() + ").*") && !path.startsWith("/usr/share/doc/git/RelNotes")
                                : name.endsWith(source.match());
                    })
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    /** Paragraph-aligned pieces of 100–500 words that read mostly as text, not code or tables. */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        var current = new StringBuilder();
        int words = 0;
        for (String paragraph : text.split("\\n\\s*\\n")) {
            int paragraphWords = paragraph.isBlank() ? 0 : paragraph.strip().split("\\s+").length;
            if (words > 0 && words + paragraphWords > 500) {
                keep(current.toString(), words, pieces);
                current.setLength(0);
                words = 0;
            }
            if (paragraphWords > 500) {
                continue;
            }
            current.append(paragraph).append("\n\n");
            words += paragraphWords;
            if (words >= 250) {
                keep(current.toString(), words, pieces);
                current.setLength(0);
                words = 0;
            }
        }
        keep(current.toString(), words, pieces);
        return pieces;
    }

    private static void keep(String piece, int words, List<String> pieces) {
        if (words < 100 || words > 500) {
            return;
        }
        long letters = piece.chars().filter(c -> Character.isLetter(c) || c == ' ').count();
        if (letters >= 0.75 * piece.length()) {
            pieces.add(piece);
        }
    }

    private static String read(Path path) throws IOException {
        try (InputStream in = path.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(path)) : Files.newInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, Integer> sourceCounts(List<Document> documents) {
        Map<String, Integer> counts = new TreeMap<>();
        documents.forEach(d -> counts.merge(d.source(), 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> categoryCounts(List<GeneratedMetadata> results) {
        Map<String, Integer> counts = new TreeMap<>();
        results.forEach(r -> counts.merge(r.category(), 1, Integer::sum));
        return counts;
    }

    private static String loadAverage() {
        try {
            return String.join(", ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "%.2f".formatted(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private LocalGenerationBench() {}

    static { Locale.setDefault(Locale.ROOT); }
}
