package dev.almanac.embedding;

import dev.almanac.background.BackgroundThreads;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * all-MiniLM-L6-v2 (quantized), run in process by ONNX Runtime; the weights ship inside the
 * langchain4j artifact, so nothing is downloaded.
 *
 * <p>A text of at most 128 word pieces (a search query, a short description) goes to our
 * {@link MiniLmEncoder}: one ONNX thread per call, a query embedded 1.4× faster than through
 * LangChain4j alone or 8 at a time, and the same vector (cosine 1.000000 measured up to 124
 * tokens). Past 128 tokens LangChain4j cuts the text into 128-token pieces and averages them (its
 * vectors diverge from one whole-window pass: cosine 0.98 at 129 tokens, 0.89 at 160 words); the
 * stored vectors were made that way, and the whole-window vectors lowered known-item recall (0.84
 * → 0.78 in {@code SearchRelevanceTest}), so longer texts still go to LangChain4j. A single text is
 * embedded in the caller's thread, several on {@code threads} threads.
 */
public final class LocalMiniLmEmbeddings implements EmbeddingProvider, AutoCloseable {
    public static final String MODEL = "all-minilm-l6-v2-q";

    private final ExecutorService executor;
    private final MiniLmEncoder encoder = MiniLmEncoder.shared();
    private static final int SAME_VECTOR_UP_TO_TOKENS = 128;
    private final LongTexts longTexts;

    public LocalMiniLmEmbeddings(int threads) {
        this.executor = Executors.newFixedThreadPool(threads, BackgroundThreads.factory("embedding-"));
        this.longTexts = new LongTexts(executor, encoder.langChainEncoder());
    }

    /** LangChain4j's model class for all-MiniLM-L6-v2, on {@link MiniLmEncoder}'s one-thread session. */
    private static final class LongTexts extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder model;

        LongTexts(Executor executor, OnnxBertBiEncoder model) {
            super(executor);
            this.model = model;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return model;
        }

        @Override
        protected Integer knownDimension() {
            return MiniLmEncoder.DIMENSION;
        }
    }

    @Override
    public String modelName() {
        return MODEL;
    }

    @Override
    public int dimension() {
        return MiniLmEncoder.DIMENSION;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.size() <= 1) return texts.isEmpty() ? List.of() : List.of(embed(texts.getFirst()));
        List<Future<float[]>> futures = new ArrayList<>(texts.size());
        for (String text : texts) futures.add(executor.submit(() -> embed(text)));
        List<float[]> vectors = new ArrayList<>(texts.size());
        try {
            for (Future<float[]> f : futures) vectors.add(f.get());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(false));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(false));
            throw new IllegalStateException("embedding failed: " + e.getCause(), e.getCause());
        }
        return vectors;
    }

    @Override
    public float[] embed(String text) {
        String nonBlank = text.isBlank() ? "." : text; // LangChain4j refuses blank text; "." is how it was stored
        float[] vector = encoder.embedIfAtMost(nonBlank, SAME_VECTOR_UP_TO_TOKENS);
        return vector != null ? vector : EmbeddingProvider.normalize(longTexts.embed(TextSegment.from(nonBlank)).content().vector());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
