package dev.almanac.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * all-MiniLM-L6-v2 (quantized), run in process by ONNX Runtime; the weights ship inside the
 * langchain4j artifact, so nothing is downloaded. The model reads at most ~256 word pieces per
 * input: callers chunk long text themselves.
 */
public final class LocalMiniLmEmbeddings implements EmbeddingProvider, AutoCloseable {
    public static final String MODEL = "all-minilm-l6-v2-q";

    private final ExecutorService executor;
    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    public LocalMiniLmEmbeddings(int threads) {
        this.executor = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("embedding-", 0).daemon().factory());
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
    }

    @Override
    public String modelName() {
        return MODEL;
    }

    @Override
    public int dimension() {
        return 384;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) return List.of();
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? "." : t)).toList();
        return model.embedAll(segments).content().stream().map(e -> EmbeddingProvider.normalize(e.vector())).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
