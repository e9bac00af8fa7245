package bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.VectorUtil;
import dev.almanac.search.NearestProjects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Almanac search benchmark. Commands (options as -Dname=value system properties):
 * <ul>
 *   <li>{@code setup}: tenant {@code bench} + writer key (saved in the state dir)</li>
 *   <li>{@code load}: create projects from the corpus through the API, wait until embedded and indexed</li>
 *   <li>{@code rebuild}: time {@code POST /api/admin/search/rebuild}; index and table sizes</li>
 *   <li>{@code fresh}: time from an acknowledged write to the first search that finds it</li>
 *   <li>{@code recall}: recall@10 and QPS of Almanac's index vs raw Lucene vs brute force</li>
 *   <li>{@code latency}: {@code GET /api/search} latency at N concurrent clients, per mode</li>
 * </ul>
 * The corpus (JSON lines {name, text}) is split: lines [0, 1000) are held-out queries, [1000, 1400)
 * are freshness probes, projects are lines [1400 + from, 1400 + from + count).
 */
public final class Bench {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int HELD_OUT = 1000, PROBES = 400, FIRST_PROJECT = HELD_OUT + PROBES;
    static final String TENANT = "bench";
    static final PrintStream out = System.out;

    static final String base = prop("url", "http://127.0.0.1:18090");
    static final String adminToken = System.getenv("ALMANAC_ADMIN_TOKEN");
    static final Path corpus = Path.of(prop("corpus", "/tmp/sbench-corpus.jsonl"));
    static final Path state = Path.of(prop("state", "/tmp/sbench-state"));
    static final String jdbcUrl = prop("jdbc", "jdbc:postgresql://127.0.0.1:55433/postgres");
    static final String indexDir = prop("index", "/tmp/almanac-sbench-data/index");
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    static String prop(String name, String def) {
        return System.getProperty(name, def);
    }

    static int intProp(String name, int def) {
        return Integer.parseInt(prop(name, Integer.toString(def)));
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(state);
        switch (args[0]) {
            case "setup" -> setup();
            case "load" -> load(intProp("from", 0), intProp("count", 10_000), intProp("clients", 16));
            case "rebuild" -> rebuild();
            case "fresh" -> fresh(intProp("n", 200));
            case "recall" -> recall(intProp("queries", 1000));
            case "latency" -> latency(prop("mode", "semantic"), intProp("clients", 8), intProp("warmup", 10), intProp("seconds", 40));
            case "status" -> out.println(status());
            case "catchup" -> catchup();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- HTTP

    record Resp(int status, JsonNode body, long nanos) {}

    static Resp call(String method, String path, String key, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        long t = System.nanoTime() - t0;
        JsonNode node = r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new Resp(r.statusCode(), node, t);
    }

    static Resp ok(Resp r, String what) {
        if (r.status() / 100 != 2) throw new IllegalStateException(what + " -> " + r.status() + " " + r.body());
        return r;
    }

    static String writerKey() throws IOException {
        return Files.readString(state.resolve("writer-key")).trim();
    }

    static JsonNode status() throws Exception {
        return ok(call("GET", "/api/admin/search/status", adminToken, null), "status").body();
    }

    static String search(String key, String mode, String q, int limit) {
        return "/api/search?mode=" + mode + "&limit=" + limit + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- corpus

    record Text(String name, String text) {}

    static List<Text> corpus(int from, int count) throws IOException {
        List<Text> texts = new ArrayList<>(count);
        try (BufferedReader r = Files.newBufferedReader(corpus)) {
            String line;
            int i = 0;
            while ((line = r.readLine()) != null && texts.size() < count) {
                if (i++ < from) continue;
                JsonNode n = JSON.readTree(line);
                texts.add(new Text(n.get("name").asString(), n.get("text").asString()));
            }
        }
        if (texts.size() < count) throw new IllegalStateException("corpus has only " + (from + texts.size()) + " lines");
        return texts;
    }

    /** Realistic query texts from held-out documents: alternately a sentence (<= 30 words) and a 2-6 word phrase. */
    static List<String> queries(int n) throws IOException {
        List<Text> held = corpus(0, n);
        Random rnd = new Random(42);
        List<String> qs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String[] words = held.get(i).text().split(" ");
            if (i % 2 == 0) {
                int end = Math.min(words.length, 30);
                for (int w = 7; w < end; w++) if (words[w].endsWith(".")) { end = w + 1; break; }
                String sentence = String.join(" ", Arrays.copyOfRange(words, 0, end));
                qs.add(sentence.length() > 300 ? sentence.substring(0, 300) : sentence); // q: at most 1000 characters
            } else {
                int len = 2 + rnd.nextInt(5);
                int start = rnd.nextInt(Math.max(1, words.length - len));
                qs.add(String.join(" ", Arrays.copyOfRange(words, start, Math.min(words.length, start + len))).replaceAll("[^\\p{L}\\p{N} '-]", " ").trim());
            }
        }
        return qs;
    }

    // ---------------------------------------------------------------- setup / load

    static void setup() throws Exception {
        Resp t = call("POST", "/api/admin/tenants", adminToken, Map.of("id", TENANT, "name", "Search benchmark"));
        if (t.status() != 201 && t.status() != 409) ok(t, "create tenant");
        Resp k = ok(call("POST", "/api/admin/tenants/" + TENANT + "/keys", adminToken, Map.of("name", "bench-writer", "role", "writer")), "create key");
        Files.writeString(state.resolve("writer-key"), k.body().get("key").asString());
        out.println("tenant " + TENANT + ", writer key saved in " + state.resolve("writer-key"));
    }

    static void load(int from, int count, int clients) throws Exception {
        String key = writerKey();
        List<Text> texts = corpus(FIRST_PROJECT + from, count);
        long embeddedBefore = status().get("embedded_projects").asLong();
        long target = embeddedBefore + count;
        out.printf("load: %d projects (corpus lines %d..%d), %d clients; embedded before: %d%n",
                count, FIRST_PROJECT + from, FIRST_PROJECT + from + count - 1, clients, embeddedBefore);
        Histogram lat = new ConcurrentHistogram(3);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long words = texts.stream().mapToLong(t -> t.text().split(" ").length).sum();
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < texts.size(); ) {
                    Text t = texts.get(i);
                    String name = t.name().length() > 200 ? t.name().substring(0, 200) : t.name();
                    try {
                        Resp r = call("POST", "/api/projects", key, Map.of("name", name, "description", t.text().length() > 10_000 ? t.text().substring(0, 10_000) : t.text()));
                        if (r.status() != 201) {
                            if (errors.incrementAndGet() < 5) System.err.println("POST -> " + r.status() + " " + r.body());
                        } else {
                            lat.recordValue(r.nanos() / 1000);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        // poll the status while loading: embedding runs concurrently
        JsonNode s = null;
        long lastPrint = 0;
        while (true) {
            boolean postsDone = fs.stream().allMatch(Future::isDone);
            s = status();
            long el = (System.nanoTime() - t0) / 1_000_000;
            if (el - lastPrint >= 30_000) {
                out.printf("  t=%ds posted=%d embedded=%d lag_events=%d%n", el / 1000, Math.min(next.get(), count),
                        s.get("embedded_projects").asLong() - embeddedBefore, s.get("lag_events").asLong());
                lastPrint = el;
            }
            if (postsDone && s.get("embedded_projects").asLong() >= target - errors.get() && s.get("lag_events").asLong() == 0) break;
            Thread.sleep(postsDone ? 250 : 1000);
            if (postsDone && pool != null) {
                double postSec = (System.nanoTime() - t0) / 1e9;
                // printed once
                out.printf("  all POSTs answered after %.1f s: %.1f projects/s accepted; POST latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; errors %d%n",
                        postSec, (count - errors.get()) / postSec, lat.getValueAtPercentile(50) / 1000.0,
                        lat.getValueAtPercentile(95) / 1000.0, lat.getValueAtPercentile(99) / 1000.0, errors.get());
                pool.shutdown();
                pool = null;
            }
            if (pool == null && fs.stream().allMatch(Future::isDone)) { /* waiting for embedding */ }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        if (pool != null) pool.shutdown();
        out.printf("load done: %d projects (%d words, %.0f words/project) embedded and indexed in %.1f s = %.1f projects/s with embedding; errors %d%n",
                count, words, (double) words / count, sec, (count - errors.get()) / sec, errors.get());
        out.println("status: " + s);
        tableSizes();
    }

    /** Waits until every live project is embedded and indexed: the embedding rate of a resumed load. */
    static void catchup() throws Exception {
        long live;
        try (Connection c = db(); var st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT count(*) FROM projects WHERE status <> 'deleted'");
            rs.next();
            live = rs.getLong(1);
        }
        JsonNode s = status();
        long before = s.get("embedded_projects").asLong();
        long t0 = System.nanoTime(), lastPrint = 0;
        out.printf("catchup: %d live projects, %d embedded at the start%n", live, before);
        // an index rebuilt at start (e.g. after a layout change) is not caught up, whatever its lag
        while (s.path("rebuilding").asBoolean() || s.get("checkpoint").isNull() || s.get("embedded_projects").asLong() < live
                || s.get("lag_events").asLong() != 0) {
            Thread.sleep(1000);
            s = status();
            long el = (System.nanoTime() - t0) / 1_000_000_000L;
            if (el - lastPrint >= 60) {
                out.printf("  t=%ds embedded=%d lag_events=%d%n", el, s.get("embedded_projects").asLong(), s.get("lag_events").asLong());
                out.flush();
                lastPrint = el;
            }
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        long done = s.get("embedded_projects").asLong() - before;
        out.printf("catchup done: %d projects embedded and indexed in %.1f s = %.1f projects/s with embedding%n", done, sec, done / sec);
        out.println("status: " + s);
        tableSizes();
    }

    static void tableSizes() throws Exception {
        try (Connection c = db(); var st = c.createStatement()) {
            ResultSet rs = st.executeQuery("""
                    SELECT pg_total_relation_size('project_embeddings'), pg_relation_size('project_embeddings'),
                           (SELECT count(*) FROM project_embeddings), (SELECT count(DISTINCT project_id) FROM project_embeddings),
                           pg_total_relation_size('projects'), pg_database_size(current_database())""");
            rs.next();
            out.printf("postgres: project_embeddings total %d bytes (heap %d), %d chunk rows, %d projects (%.2f chunks/project); projects table %d bytes; database %d bytes%n",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(3) / (double) rs.getLong(4), rs.getLong(5), rs.getLong(6));
        }
    }

    static Connection db() throws Exception {
        return DriverManager.getConnection(jdbcUrl, "postgres", prop("dbpassword", "postgres"));
    }

    static void rebuild() throws Exception {
        JsonNode before = status();
        out.println("before rebuild: " + before);
        Resp r = ok(call("POST", "/api/admin/search/rebuild", adminToken, null), "rebuild");
        JsonNode verify = ok(call("GET", "/api/admin/search/verify", adminToken, null), "verify").body();
        long live;
        try (Connection c = db(); var st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT count(*) FROM projects WHERE status <> 'deleted'");
            rs.next();
            live = rs.getLong(1);
        }
        double sec = r.nanos() / 1e9;
        out.printf("rebuild (vectors read from PostgreSQL, no embedding): %d live projects in %.1f s = %.1f projects/s%n", live, sec, live / sec);
        out.println("after rebuild: " + r.body());
        out.println("verify: " + verify);
        tableSizes();
    }

    // ---------------------------------------------------------------- freshness

    static void fresh(int n) throws Exception {
        String key = writerKey();
        List<Text> probes = corpus(HELD_OUT, PROBES);
        Random rnd = new Random(7);
        for (String mode : prop("modes", "keyword,semantic").split(",")) {
            Histogram fromAck = new Histogram(3), fromStart = new Histogram(3);
            int timeouts = 0;
            for (int i = 0; i < n; i++) {
                Text probe = probes.get(mode.equals("keyword") ? i : n + i);
                String word = "zq" + Long.toString(Math.abs(rnd.nextLong()), 36);
                // semantic: the query is the project's whole text (one chunk: <= 100 words, < 1000 characters, q's limit)
                String text = String.join(" ", Arrays.asList(probe.text().split(" ")).subList(0, Math.min(100, probe.text().split(" ").length)));
                if (text.length() > 990) text = text.substring(0, 990);
                String desc = mode.equals("keyword") ? probe.text() + " " + word : text;
                String q = mode.equals("keyword") ? word : text;
                long start = System.nanoTime();
                Resp created = ok(call("POST", "/api/projects", key, Map.of("name", "probe " + probe.name(), "description", desc)), "probe");
                long ack = System.nanoTime();
                String id = created.body().get("id").asString();
                boolean found = false;
                while (System.nanoTime() - ack < 30_000_000_000L) {
                    Resp r = ok(call("GET", search(key, mode, q, 10), key, null), "search");
                    for (JsonNode item : r.body().get("items")) if (item.get("project_id").asString().equals(id)) found = true;
                    if (found) break;
                    Thread.sleep(10);
                }
                long end = System.nanoTime();
                if (!found) { timeouts++; continue; }
                fromAck.recordValue((end - ack) / 1000);
                fromStart.recordValue((end - start) / 1000);
            }
            out.printf("freshness %s (%d writes, poll every 10 ms, from 201 response to first search that finds it): p50 %.3f s, p95 %.3f s, p99 %.3f s, max %.3f s; within 1 s: %.1f%%; not found in 30 s: %d%n",
                    mode, n, fromAck.getValueAtPercentile(50) / 1e6, fromAck.getValueAtPercentile(95) / 1e6,
                    fromAck.getValueAtPercentile(99) / 1e6, fromAck.getMaxValue() / 1e6,
                    100.0 * countBelow(fromAck, 1_000_000) / n, timeouts);
            out.printf("  (from the start of the POST: p50 %.3f s, p95 %.3f s, max %.3f s)%n",
                    fromStart.getValueAtPercentile(50) / 1e6, fromStart.getValueAtPercentile(95) / 1e6, fromStart.getMaxValue() / 1e6);
        }
    }

    static long countBelow(Histogram h, long v) {
        long c = 0;
        for (var x : h.recordedValues()) if (x.getValueIteratedTo() <= v) c += x.getCountAddedInThisIterationStep();
        return c;
    }

    // ---------------------------------------------------------------- recall / QPS

    static float[] normalize(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        float inv = (float) (1 / Math.sqrt(s));
        float[] o = new float[v.length];
        for (int i = 0; i < v.length; i++) o[i] = v[i] * inv;
        return o;
    }

    static void recall(int nq) throws Exception {
        // 1. all chunk vectors of the tenant
        long t0 = System.nanoTime();
        List<float[]> vecs = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        List<String> projectIds = new ArrayList<>();
        Map<String, Integer> ord = new HashMap<>();
        try (Connection c = db()) {
            c.setAutoCommit(false);
            PreparedStatement ps = c.prepareStatement("SELECT project_id, vector FROM project_embeddings WHERE tenant_id = ? AND model = 'all-minilm-l6-v2-q' ORDER BY project_id, chunk");
            ps.setFetchSize(5000);
            ps.setString(1, TENANT);
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                String pid = rs.getString(1);
                Object[] arr = (Object[]) rs.getArray(2).getArray();
                float[] v = new float[arr.length];
                for (int i = 0; i < arr.length; i++) v[i] = ((Number) arr[i]).floatValue();
                Integer o = ord.computeIfAbsent(pid, k -> { projectIds.add(k); return projectIds.size() - 1; });
                vecs.add(v);
                owner.add(o);
            }
        }
        int n = vecs.size(), dim = vecs.get(0).length;
        float[][] all = vecs.toArray(float[][]::new);
        int[] own = owner.stream().mapToInt(Integer::intValue).toArray();
        out.printf("recall: %d chunk vectors (dim %d) of %d projects read from PostgreSQL in %.1f s%n", n, dim, projectIds.size(), (System.nanoTime() - t0) / 1e9);
        double maxNormErr = 0;
        for (float[] v : all) maxNormErr = Math.max(maxNormErr, Math.abs(Math.sqrt(VectorUtil.dotProduct(v, v)) - 1));
        out.printf("  stored vectors: max | |v| - 1 | = %.2e%n", maxNormErr);

        // 2. query vectors: held-out texts embedded with the same model
        List<String> qs = queries(nq);
        var model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        model.embed("warm up");
        t0 = System.nanoTime();
        float[][] q = new float[nq][];
        for (int i = 0; i < nq; i++) q[i] = normalize(model.embed(TextSegment.from(qs.get(i))).content().vector());
        double embedMs = (System.nanoTime() - t0) / 1e6 / nq;
        out.printf("  %d query texts embedded in the harness, one at a time: %.1f ms per query (mean)%n", nq, embedMs);

        // 3. exact: project score = best chunk dot product
        t0 = System.nanoTime();
        List<List<Integer>> exact = new ArrayList<>();
        float[] best = new float[projectIds.size()];
        for (float[] qv : q) {
            Arrays.fill(best, -2f);
            for (int i = 0; i < n; i++) {
                float s = VectorUtil.dotProduct(qv, all[i]);
                if (s > best[own[i]]) best[own[i]] = s;
            }
            exact.add(topProjects(best, 10));
        }
        out.printf("  brute force (exact, %d x %d dot products): %.1f s, %.1f QPS single thread%n", nq, n, (System.nanoTime() - t0) / 1e9,
                nq / ((System.nanoTime() - t0) / 1e9));

        // 4. Almanac's own index, queried by the service's own code (dev.almanac.search.NearestProjects,
        //    from the service's target/classes): the tenant's own vector field, grouping chunks by
        //    project through doc values, name and snippet read for the 10 winners, exactly as
        //    SearchService.semantic does.
        final Map<String, Integer> pidOrd = ord;
        try (var dir = FSDirectory.open(Path.of(indexDir)); DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            out.printf("  almanac index: %d docs (%d deleted), %d segments, vector docs %d%n", reader.numDocs(), reader.numDeletedDocs(),
                    reader.leaves().size(), reader.leaves().stream().mapToLong(l -> {
                        try {
                            var fv = l.reader().getFloatVectorValues("vector/" + TENANT); // one vector field per tenant
                            return fv == null ? 0 : fv.size();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }).sum());
            NearestProjects.Scope filter = NearestProjects.scope(TENANT, Set.of("active", "locked"), Set.of(), null);
            QueryRunner almanac = almanacRunner(searcher, filter, pidOrd, NearestProjects.candidates(10));
            measure("[first pass: JIT warm-up] almanac NearestProjects.search, limit 10 (k=" + NearestProjects.candidates(10) + ")", almanac, q, exact);
            measure("almanac NearestProjects.search, limit 10 (k=" + NearestProjects.candidates(10) + "), as SearchService.semantic", almanac, q, exact);
            for (int k : new int[] {150, 200, 300}) {
                measure("almanac NearestProjects.search, limit 10, k=" + k, almanacRunner(searcher, filter, pidOrd, k), q, exact);
            }
        }

        // 5. raw Lucene: one doc per chunk, same vectors, default HNSW
        Path rawDir = Files.createTempDirectory("sbench-raw-lucene");
        t0 = System.nanoTime();
        try (var dir = FSDirectory.open(rawDir)) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig().setRAMBufferSizeMB(64))) {
                for (int i = 0; i < n; i++) {
                    Document d = new Document();
                    d.add(new KnnFloatVectorField("vector", all[i], VectorSimilarityFunction.DOT_PRODUCT));
                    d.add(new NumericDocValuesField("p", own[i]));
                    w.addDocument(d);
                }
                w.forceMerge(1); // the best case for raw Lucene: one HNSW graph
                w.commit();
            }
            double buildSec = (System.nanoTime() - t0) / 1e9;
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                long size = 0;
                for (String f : dir.listAll()) size += dir.fileLength(f);
                out.printf("  raw lucene index: %d vectors, %d segments, built in %.1f s (%.0f vectors/s, 1 thread), %d bytes on disk%n", n,
                        reader.leaves().size(), buildSec, n / buildSec, size);
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int k : new int[] {10, 100, 150, 200, 300}) {
                    QueryRunner raw = rawRunner(searcher, k);
                    measure("raw lucene KnnFloatVectorQuery k=" + k + " (no filter; chunks mapped to projects)", raw, q, exact);
                }
                // 6. ours against raw at the service's k, in alternating rounds, so that both see the
                //    same machine (one pass of 1,000 queries lasts about a second: noise between
                //    passes run minutes apart was ±10 %)
                int k = NearestProjects.candidates(10);
                try (var adir = FSDirectory.open(Path.of(indexDir)); DirectoryReader areader = DirectoryReader.open(adir)) {
                    IndexSearcher as = new IndexSearcher(areader);
                    NearestProjects.Scope scope = NearestProjects.scope(TENANT, Set.of("active", "locked"), Set.of(), null);
                    interleaved(k, almanacRunner(as, scope, pidOrd, k), rawRunner(searcher, k), q, 9);
                }
            }
        } finally {
            try (var files = Files.list(rawDir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(rawDir);
        }
    }

    /**
     * The service's semantic query as SearchService.semantic runs it: NearestProjects, then name and
     * snippet of the 10 winners (NearestProjects.show).
     */
    static QueryRunner almanacRunner(IndexSearcher searcher, NearestProjects.Scope scope, Map<String, Integer> pidOrd, int k) {
        return qv -> {
            List<Integer> res = new ArrayList<>();
            for (NearestProjects.Shown s : NearestProjects.show(searcher, NearestProjects.search(searcher, qv, scope, 10, -1, k))) {
                res.add(pidOrd.getOrDefault(s.match().projectId(), -1));
            }
            return res;
        };
    }

    /** Raw Lucene: KnnFloatVectorQuery on a dense one-chunk-per-doc index, chunks mapped to projects by doc values. */
    static QueryRunner rawRunner(IndexSearcher searcher, int k) {
        IndexReader reader = searcher.getIndexReader();
        return qv -> {
            TopDocs top = searcher.search(new KnnFloatVectorQuery("vector", qv, k), k);
            List<Integer> res = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(sd.doc, reader.leaves()));
                NumericDocValues p = leaf.reader().getNumericDocValues("p");
                p.advanceExact(sd.doc - leaf.docBase);
                int o = (int) p.longValue();
                if (!res.contains(o)) res.add(o);
                if (res.size() == 10) break;
            }
            return res;
        };
    }

    interface QueryRunner {
        List<Integer> run(float[] q) throws IOException;
    }

    static List<Integer> topProjects(float[] score, int k) {
        Integer[] idx = new Integer[k];
        int filled = 0;
        for (int p = 0; p < score.length; p++) {
            if (filled < k) {
                idx[filled++] = p;
                for (int j = filled - 1; j > 0 && score[idx[j]] > score[idx[j - 1]]; j--) { Integer t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t; }
            } else if (score[p] > score[idx[k - 1]]) {
                idx[k - 1] = p;
                for (int j = k - 1; j > 0 && score[idx[j]] > score[idx[j - 1]]; j--) { Integer t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t; }
            }
        }
        return List.of(Arrays.copyOf(idx, filled));
    }

    /** Single-thread QPS of two runners over the same queries, round by round in turn; medians and their ratio. */
    static void interleaved(int k, QueryRunner ours, QueryRunner raw, float[][] q, int rounds) throws Exception {
        double[] a = new double[rounds], b = new double[rounds];
        for (float[] v : q) { ours.run(v); raw.run(v); } // warm-up
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (float[] v : q) ours.run(v);
            a[r] = q.length / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (float[] v : q) raw.run(v);
            b[r] = q.length / ((System.nanoTime() - t0) / 1e9);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) ratio[r] = a[r] / b[r];
        Arrays.sort(a); Arrays.sort(b); Arrays.sort(ratio);
        out.printf("  interleaved, k=%d, %d rounds of %d queries, 1 thread: almanac median %.1f QPS (min %.1f, max %.1f), raw lucene median %.1f QPS "
                + "(min %.1f, max %.1f); ratio of medians %.3f, per-round ratios %.3f..%.3f (median %.3f)%n", k, rounds, q.length,
                a[rounds / 2], a[0], a[rounds - 1], b[rounds / 2], b[0], b[rounds - 1], a[rounds / 2] / b[rounds / 2], ratio[0],
                ratio[rounds - 1], ratio[rounds / 2]);
    }

    static void measure(String label, QueryRunner runner, float[][] q, List<List<Integer>> exact) throws Exception {
        // warm-up pass, which also gives recall
        double recall = 0;
        for (int i = 0; i < q.length; i++) {
            List<Integer> got = runner.run(q[i]);
            Set<Integer> truth = new LinkedHashSet<>(exact.get(i));
            int hit = 0;
            for (int p : got.subList(0, Math.min(10, got.size()))) if (truth.contains(p)) hit++;
            recall += hit / (double) truth.size();
        }
        recall /= q.length;
        Map<Integer, Double> qps = new LinkedHashMap<>();
        Histogram lat = new Histogram(3);
        for (int threads : new int[] {1, 2}) {
            int rounds = 3;
            long t0 = System.nanoTime();
            if (threads == 1) {
                for (int r = 0; r < rounds; r++) for (float[] v : q) {
                    long s = System.nanoTime();
                    runner.run(v);
                    lat.recordValue((System.nanoTime() - s) / 1000);
                }
            } else {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) fs.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < rounds * q.length; ) runner.run(q[i % q.length]);
                    return null;
                }));
                for (Future<?> f : fs) f.get();
                pool.shutdown();
            }
            qps.put(threads, rounds * q.length / ((System.nanoTime() - t0) / 1e9));
        }
        out.printf("  %s: recall@10 %.4f; QPS 1 thread %.1f, 2 threads %.1f; 1-thread latency p50 %.2f ms, p99 %.2f ms%n", label, recall,
                qps.get(1), qps.get(2), lat.getValueAtPercentile(50) / 1000.0, lat.getValueAtPercentile(99) / 1000.0);
    }

    // ---------------------------------------------------------------- HTTP latency

    static void latency(String mode, int clients, int warmup, int seconds) throws Exception {
        String key = writerKey();
        List<String> qs = queries(HELD_OUT);
        for (String m : mode.split(",")) {
            Histogram lat = new ConcurrentHistogram(3), took = new ConcurrentHistogram(3);
            AtomicLong errors = new AtomicLong(), done = new AtomicLong(), hits = new AtomicLong();
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime(), measureFrom = start + warmup * 1_000_000_000L, end = measureFrom + seconds * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) fs.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    String q = qs.get(Math.floorMod(next.getAndIncrement(), qs.size()));
                    Resp r = call("GET", search(key, m, q, 10), key, null);
                    if (System.nanoTime() < measureFrom) continue;
                    if (r.status() != 200) {
                        if (errors.incrementAndGet() <= 3) System.err.println("  error: GET " + search(key, m, q, 10) + " -> " + r.status() + " " + r.body());
                        continue;
                    }
                    lat.recordValue(r.nanos() / 1000);
                    took.recordValue(Math.max(0, r.body().get("took_ms").asLong()));
                    hits.addAndGet(r.body().get("items").size());
                    done.incrementAndGet();
                }
                return null;
            }));
            for (Future<?> f : fs) f.get();
            pool.shutdown();
            out.printf("latency %s, %d clients, %d s after %d s warm-up: %d requests, %.1f req/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; server took_ms p50 %d, p95 %d, p99 %d; mean hits %.1f; errors %d%n",
                    m, clients, seconds, warmup, done.get(), done.get() / (double) seconds, lat.getValueAtPercentile(50) / 1000.0,
                    lat.getValueAtPercentile(95) / 1000.0, lat.getValueAtPercentile(99) / 1000.0, lat.getMaxValue() / 1000.0,
                    took.getValueAtPercentile(50), took.getValueAtPercentile(95), took.getValueAtPercentile(99),
                    hits.get() / (double) Math.max(1, done.get()), errors.get());
        }
    }
}
