package dev.almanac.generation.local;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sentence embeddings computed in process by all-MiniLM-L6-v2 (quantized ONNX, shipped inside a
 * Maven artifact): no network, no API key. Vectors are L2-normalized, so a dot product is the
 * cosine similarity. Thread-safe; the model loads once per JVM, on first use; {@link #embedAll}
 * encodes in real batches and is much cheaper per text than {@link #embed} in a loop.
 */
@Component
public class LocalEmbeddings {

    private static final Logger log = LoggerFactory.getLogger(LocalEmbeddings.class);
    private static final String MODEL_NAME = "all-MiniLM-L6-v2-q";

    // why static: the ONNX session (~23 MB model) belongs to the JVM, not to a bean; tests and
    // benchmarks that build their own LocalEmbeddings must not load it again.
    private static volatile MiniLmEncoder encoder;

    private static MiniLmEncoder encoder() {
        MiniLmEncoder loaded = encoder;
        if (loaded == null) {
            synchronized (LocalEmbeddings.class) {
                if (encoder == null) {
                    long start = System.nanoTime();
                    encoder = new MiniLmEncoder();
                    log.info("Loaded embedding model {} in {} ms", MODEL_NAME, (System.nanoTime() - start) / 1_000_000);
                }
                loaded = encoder;
            }
        }
        return loaded;
    }

    public float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /** Embeddings of {@code texts}, in the same order. */
    public List<float[]> embedAll(List<String> texts) {
        return texts.isEmpty() ? List.of() : encoder().embedAll(texts);
    }

    public String modelName() {
        return MODEL_NAME;
    }

    public int dimension() {
        return MiniLmEncoder.DIMENSION;
    }
}
