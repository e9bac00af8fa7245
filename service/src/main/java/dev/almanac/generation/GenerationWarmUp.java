package dev.almanac.generation;

import dev.almanac.background.BackgroundSettings;
import dev.almanac.background.BackgroundThreads;
import dev.almanac.generation.local.LocalEmbeddings;
import dev.almanac.generation.local.LocalMetadataGenerator;
import dev.almanac.generation.local.Taxonomy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a start, while this instance has no job to run, reads a few hundred built-in documents with
 * the local generator and throws the answers away. Why: a freshly started JVM first interprets the
 * generator's Java code (sentence splitting, tagging, candidate phrases, tokenizing, vector maths)
 * and then compiles it, and on 2 cores the compiler took 20–30 s of CPU in the first minute of a
 * nightly-sized run, so the first jobs after every restart ran at half the speed of the rest
 * (bench/RESULTS-generation.md). Doing that while the instance is idle lets the first batch run at
 * full speed.
 *
 * <p>It gives way: it stops as soon as a worker of this instance takes a job (real jobs warm the
 * same code, and nothing should wait behind made-up ones), it runs at background priority, and it
 * uses a generator of its own, so nothing it reads is cached for a tenant. Off with
 * {@code almanac.generation.warm-up-documents=0}, and on instances that run no generation worker.
 *
 * <p>A stop waits for the document in progress. The JVM's own shutdown hooks, among them ONNX
 * Runtime's that releases the model's native environment, run only after the application has closed
 * ({@code CloseBeforeExit}): a stop soon after a start used to catch the warm-up inside the model
 * and crash the JVM.
 */
@Component
class GenerationWarmUp implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GenerationWarmUp.class);
    private static final String TEXTS = "/generation/warm-up.txt";

    private final LocalEmbeddings embeddings;
    private final GenerationWorker worker;
    private final int documents;
    private final boolean enabled;
    private volatile boolean stopped;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Result result;
    private final java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();

    GenerationWarmUp(LocalEmbeddings embeddings, GenerationWorker worker, GenerationSettings settings,
            BackgroundSettings background) {
        this.embeddings = embeddings;
        this.worker = worker;
        this.documents = settings.warmUpDocuments();
        this.enabled = settings.enabled() && background.enabled() && documents > 0;
    }

    /** How the warm-up ended: documents read, and whether a job (or the shutdown) cut it short. */
    record Result(int documents, boolean cutShort, long millis) {}

    /** Null while it runs, or when it never ran. */
    Result result() {
        return result;
    }

    /** Documents read so far. */
    int documentsRead() {
        return read.get();
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void startInBackground() {
        if (enabled && !stopped) thread = BackgroundThreads.start("generation-warm-up", this::run);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops after the document in progress and waits for it (one takes well under a second). */
    @Override
    public void stop() {
        Thread reading;
        synchronized (this) {
            stopped = true;
            reading = thread;
        }
        if (reading != null) {
            try {
                reading.join(java.time.Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    void run() {
        long start = System.nanoTime();
        var generator = new LocalMetadataGenerator(embeddings);
        List<String> paragraphs = paragraphs();
        log.info("Generation warm-up: reading up to {} built-in documents while no job has come", documents);
        try {
            while (read.get() < documents && !stopped && !worker.hasTakenJobs()) {
                generator.generate(document(paragraphs, read.get()), Taxonomy.defaults());
                read.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // the model failed to load or broke: the jobs will say so, with the job that hit it
            log.warn("Generation warm-up stopped: {}", e.toString());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int done = read.get();
        result = new Result(done, done < documents, millis);
        log.info("Generation warm-up: {} documents in {} ms{}", done, millis,
                done < documents ? " (cut short: a job came, or the service is stopping)" : "");
    }

    /**
     * Document {@code i}: a title and three different paragraphs, chosen so that the first
     * documents all differ (a phrase seen before would be cheaper than in real texts).
     */
    static String document(List<String> paragraphs, int i) {
        int n = paragraphs.size();
        int first = i % n;
        int second = (first + 1 + (i / n) % (n - 1)) % n;
        int third = (first + n / 2) % n == second ? (second + 1) % n : (first + n / 2) % n;
        return "Warm-up project " + i + ".\n" + paragraphs.get(first) + "\n" + paragraphs.get(second) + "\n"
                + paragraphs.get(third);
    }

    static List<String> paragraphs() {
        try (InputStream in = GenerationWarmUp.class.getResourceAsStream(TEXTS)) {
            if (in == null) throw new IllegalStateException(TEXTS + " is missing from the jar");
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) lines.add(line.strip());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
