package dev.almanac.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The scale-out load test: a closed loop of N clients against one or more instances (client i talks
 * to instance i mod n), with the mix of issue 7 — 40% project reads and 40% metadata reads on
 * Zipf-distributed keys, 10% search, 8% metadata writes, 2% generation requests — reporting
 * throughput, p50/p95/p99 and errors per operation, and the cache hit ratio the instances counted
 * during the window (from their Prometheus endpoints).
 *
 * <pre>java -cp almanac-bench.jar dev.almanac.bench.ScaleLoad --urls=http://127.0.0.1:18081,http://127.0.0.1:18082
 *      --admin-token=… [--seed] [--projects=1000] [--clients=32] [--warmup=10] [--duration=60] [--label=…] [--out=file.md]</pre>
 */
public final class ScaleLoad {
    enum Op { GET_PROJECT, GET_META, SEARCH, PUT_META, GENERATE }

    private static final String[] WORDS = ("revenue forecast invoice budget patient clinic treatment glacier climate ice "
            + "football league transfer compiler parser bread sourdough flour marketing campaign legal contract audit "
            + "sales pipeline engineering sensor telemetry river flood satellite genome protein vaccine traffic "
            + "railway energy solar wind battery retail inventory shipping customs weather storm ocean coral").split(" ");
    private static final List<String> META_KEYS = List.of("category", "owner", "priority", "region", "summary");

    private final Map<String, String> args;
    private final List<String> urls;
    /**
     * What the clients know of each (tenant, path): enough to tell a read the caches should answer (the
     * key was read before, after its last write, within the first level's five minutes) from one that
     * must go to the database. The latency target is about the first kind.
     */
    private final Map<String, KeyState> keyStates = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long WARM_NANOS = Duration.ofMinutes(4).toNanos();

    private static final class KeyState {
        long lastReadStarted = Long.MIN_VALUE; // of a read that succeeded
        long lastWriteEnded = Long.MIN_VALUE;
        int writing;

        synchronized boolean warm(long now) {
            return writing == 0 && lastReadStarted > lastWriteEnded && now - lastReadStarted < WARM_NANOS;
        }

        synchronized void read(long started) {
            lastReadStarted = Math.max(lastReadStarted, started);
        }

        synchronized void writeStarts() {
            writing++;
        }

        synchronized void writeEnds(long now) {
            writing--;
            lastWriteEnded = now;
        }
    }

    private KeyState state(int tenant, String path) {
        return keyStates.computeIfAbsent(tenant + path, k -> new KeyState());
    }
    private final int projects;
    private final int tenants;
    private double[] zipfCdf;

    private ScaleLoad(Map<String, String> args) {
        this.args = args;
        this.urls = List.of(args.getOrDefault("urls", "http://127.0.0.1:8080").split(","));
        this.projects = Integer.parseInt(args.getOrDefault("projects", "1000"));
        this.tenants = Integer.parseInt(args.getOrDefault("tenants", "4"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        new ScaleLoad(args).run();
    }

    private void run() throws Exception {
        zipfCdf = zipf(projects, Double.parseDouble(args.getOrDefault("zipf", "1.0")));
        String admin = args.get("admin-token");
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < tenants; t++) keys.add(setUpTenant(admin, "bench-" + t));
        if (args.containsKey("seed")) seed(keys);
        int clients = Integer.parseInt(args.getOrDefault("clients", "32"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup", "10")));
        Duration measure = Duration.ofSeconds(Long.parseLong(args.getOrDefault("duration", "60")));

        Log.info("load: %d clients on %s, %ds warm-up + %ds", clients, urls, warmup.toSeconds(), measure.toSeconds());
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        long start = System.nanoTime();
        long from = start + warmup.toNanos();
        long to = from + measure.toNanos();
        List<Worker> workers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            Worker w = new Worker(new LeanHttp(urls.get(i % urls.size()), keys.get(i % keys.size())), i % keys.size(), from, to,
                    done);
            workers.add(w);
            Thread.ofPlatform().name("client-" + i).start(w);
        }
        Thread.sleep(Duration.ofNanos(Math.max(0, from - System.nanoTime())));
        Map<String, Double> cacheBefore = cacheCounters();
        done.await();
        Map<String, Double> cacheAfter = cacheCounters();
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        report(workers, measure, cacheBefore, cacheAfter, clients, loadBefore, loadAfter);
    }

    private final class Worker implements Runnable {
        final Histogram[] latency = new Histogram[Op.values().length];
        final Histogram warmReads = new Histogram(3);
        final Histogram coldReads = new Histogram(3);
        final long[] requests = new long[Op.values().length];
        final long[] errors = new long[Op.values().length];
        final Map<Op, String> firstError = new HashMap<>();
        final LeanHttp http;
        final int tenant;
        final long from;
        final long to;
        final CountDownLatch done;

        Worker(LeanHttp http, int tenant, long from, long to, CountDownLatch done) {
            this.http = http;
            this.tenant = tenant;
            this.from = from;
            this.to = to;
            this.done = done;
            for (int i = 0; i < latency.length; i++) latency[i] = new Histogram(3);
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= to) break;
                    double pick = random.nextDouble();
                    Op op = pick < 0.40 ? Op.GET_PROJECT : pick < 0.80 ? Op.GET_META : pick < 0.90 ? Op.SEARCH
                            : pick < 0.98 ? Op.PUT_META : Op.GENERATE;
                    String project = projectId(zipfRank(random));
                    String key = META_KEYS.get(random.nextInt(META_KEYS.size()));
                    String projectPath = "/api/projects/" + project;
                    String metaPath = projectPath + "/meta/" + key;
                    KeyState read = op == Op.GET_PROJECT ? state(tenant, projectPath) : op == Op.GET_META ? state(tenant, metaPath) : null;
                    boolean warm = read != null && read.warm(t0);
                    // a metadata write or a generation request may change the project's record as well
                    List<KeyState> written = op == Op.PUT_META ? List.of(state(tenant, metaPath), state(tenant, projectPath))
                            : op == Op.GENERATE ? List.of(state(tenant, projectPath)) : List.of();
                    written.forEach(KeyState::writeStarts);
                    int status;
                    String detail;
                    try {
                        LeanHttp.Response r = switch (op) {
                            case GET_PROJECT -> http.send("GET", "/api/projects/" + project, null);
                            case GET_META -> http.send("GET", "/api/projects/" + project + "/meta/" + key, null);
                            case SEARCH -> http.send("GET", "/api/search?limit=10&q=" + URLEncoder.encode(
                                    WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)],
                                    StandardCharsets.UTF_8), null);
                            case PUT_META -> http.send("PUT", "/api/projects/" + project + "/meta/" + key,
                                    "{\"value\":\"" + WORDS[random.nextInt(WORDS.length)] + "\",\"n\":" + random.nextInt(1000) + "}");
                            case GENERATE -> http.send("POST", "/api/projects/" + project + "/generate_metadata?force=true", null);
                        };
                        status = r.status();
                        detail = status + " " + new String(r.body(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        status = -1;
                        detail = e.toString();
                        try {
                            http.close();
                        } catch (IOException ignored) {
                            // reconnects on the next request
                        }
                    }
                    long t1 = System.nanoTime();
                    written.forEach(w -> w.writeEnds(t1));
                    if (read != null && status == 200) read.read(t0);
                    if (t0 < from) continue;
                    boolean ok = op == Op.GENERATE ? status == 202 || status == 200
                            : op == Op.PUT_META ? status == 200 || status == 201 : status == 200;
                    requests[op.ordinal()]++;
                    if (ok) {
                        long micros = Math.max(1, (t1 - t0) / 1000);
                        latency[op.ordinal()].recordValue(micros);
                        if (read != null) (warm ? warmReads : coldReads).recordValue(micros);
                    } else {
                        errors[op.ordinal()]++;
                        firstError.putIfAbsent(op, detail.length() > 300 ? detail.substring(0, 300) : detail);
                    }
                }
            } finally {
                done.countDown();
            }
        }
    }

    private void report(List<Worker> workers, Duration window, Map<String, Double> before, Map<String, Double> after,
            int clients, String loadBefore, String loadAfter) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("\n### ").append(args.getOrDefault("label", "run")).append(" — ").append(Instant.now()).append("\n\n");
        out.append("%d clients, %d instance(s), %d projects in %d tenants, Zipf s=%s, %d s measured after %s s warm-up. "
                .formatted(clients, urls.size(), projects, tenants, args.getOrDefault("zipf", "1.0"), window.toSeconds(),
                        args.getOrDefault("warmup", "10")));
        out.append("Load average before/after: `").append(loadBefore).append("` / `").append(loadAfter).append("`.\n\n");
        out.append("| operation | requests | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|\n");
        long total = 0;
        long totalErrors = 0;
        Histogram all = new Histogram(3);
        Histogram cachedReads = new Histogram(3);
        for (Op op : Op.values()) {
            Histogram h = new Histogram(3);
            long n = 0;
            long e = 0;
            for (Worker w : workers) {
                h.add(w.latency[op.ordinal()]);
                n += w.requests[op.ordinal()];
                e += w.errors[op.ordinal()];
                if (w.firstError.containsKey(op)) Log.info("%s: first error: %s", op, w.firstError.get(op));
            }
            all.add(h);
            if (op == Op.GET_PROJECT || op == Op.GET_META) cachedReads.add(h);
            total += n;
            totalErrors += e;
            out.append(row(op.name().toLowerCase(), n, e, h, window));
        }
        out.append(row("reads (project + meta)", cachedReads.getTotalCount(), 0, cachedReads, window));
        Histogram warm = new Histogram(3);
        Histogram cold = new Histogram(3);
        for (Worker w : workers) {
            warm.add(w.warmReads);
            cold.add(w.coldReads);
        }
        out.append(row("reads of warm keys (read before, not written since)", warm.getTotalCount(), 0, warm, window));
        out.append(row("other reads (first read, or written since)", cold.getTotalCount(), 0, cold, window));
        out.append(row("**all**", total, totalErrors, all, window));
        double hits = delta(before, after, "all:hit");
        double reads = hits + delta(before, after, "all:miss") + delta(before, after, "all:bypass");
        out.append("\nError rate: %.3f%%. Cache hit ratio in the window (all caches, all instances): %s (%.0f hits of %.0f cache reads"
                .formatted(total == 0 ? 0 : 100.0 * totalErrors / total,
                        reads == 0 ? "n/a (cache off)" : "%.1f%%".formatted(100 * hits / reads), hits, reads));
        for (String cache : List.of("project", "meta", "api-key", "tenant-limits")) {
            double h = delta(before, after, cache + ":hit");
            double n = h + delta(before, after, cache + ":miss") + delta(before, after, cache + ":bypass");
            if (n > 0) out.append("; %s %.1f%%".formatted(cache, 100 * h / n));
        }
        out.append(").\n");
        System.out.print(out);
        if (args.containsKey("out")) {
            Files.writeString(Path.of(args.get("out")), out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static String row(String name, long n, long errors, Histogram h, Duration window) {
        return "| %s | %d | %.0f | %.2f | %.2f | %.2f | %d |\n".formatted(name, n, n / (double) window.toSeconds(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                errors);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String result) {
        return after.getOrDefault(result, 0.0) - before.getOrDefault(result, 0.0);
    }

    private static final Pattern CACHE_LINE = Pattern.compile(
            "^almanac_cache_requests_total\\{([^}]*)\\}\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);

    private static final Pattern LABEL = Pattern.compile("(cache|result)=\"([^\"]+)\"");

    /** "cache:result" -> count, summed over the instances and levels. */
    private Map<String, Double> cacheCounters() throws IOException, InterruptedException {
        Map<String, Double> sums = new HashMap<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String url : urls) {
                String body = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = CACHE_LINE.matcher(body);
                while (m.find()) {
                    Map<String, String> labels = new HashMap<>();
                    Matcher l = LABEL.matcher(m.group(1));
                    while (l.find()) labels.put(l.group(1), l.group(2));
                    sums.merge(labels.get("cache") + ":" + labels.get("result"), Double.parseDouble(m.group(2)), Double::sum);
                }
            }
        }
        return sums;
    }

    private String setUpTenant(String admin, String tenant) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            send(http, "POST", "/api/admin/tenants", admin, "{\"id\":\"" + tenant + "\",\"name\":\"" + tenant + "\"}", 201, 409);
            // the benchmark measures the service, not the limiter's refusals: limits far above the load
            send(http, "PUT", "/api/admin/tenants/" + tenant + "/limits", admin,
                    "{\"requests_per_second\":1000000,\"burst\":1000000,\"generation_jobs_per_day\":1000000}", 200);
            String body = send(http, "POST", "/api/admin/tenants/" + tenant + "/keys", admin, "{\"name\":\"bench\",\"role\":\"writer\"}", 201);
            Matcher m = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            if (!m.find()) throw new IOException("no key in " + body);
            return m.group(1);
        }
    }

    private void seed(List<String> keys) throws Exception {
        Log.info("seeding %d projects with %d metadata entries each in %d tenants", projects, META_KEYS.size(), keys.size());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger failures = new AtomicInteger();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < keys.size(); t++) {
            String key = keys.get(t);
            for (int p = 0; p < projects; p++) {
                int n = p;
                futures.add(pool.submit(() -> {
                    try (LeanHttp http = new LeanHttp(urls.get(n % urls.size()), key)) {
                        ThreadLocalRandom r = ThreadLocalRandom.current();
                        StringBuilder description = new StringBuilder();
                        for (int w = 0; w < 12; w++) description.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
                        int s = http.send("POST", "/api/projects", "{\"id\":\"" + projectId(n) + "\",\"name\":\"Project " + n
                                + "\",\"description\":\"" + description.toString().trim() + "\"}").status();
                        if (s != 201 && s != 409) failures.incrementAndGet();
                        for (String meta : META_KEYS) {
                            int m = http.send("PUT", "/api/projects/" + projectId(n) + "/meta/" + meta,
                                    "\"" + WORDS[r.nextInt(WORDS.length)] + "\"").status();
                            if (m != 200 && m != 201) failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
        }
        for (var f : futures) f.get();
        pool.shutdown();
        Log.info("seeded (%d failed requests)", failures.get());
    }

    /** Admin set-up calls, on the first instance. */
    private String send(HttpClient http, String method, String path, String token, String json, int... ok)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(urls.get(0) + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (Arrays.stream(ok).noneMatch(s -> s == r.statusCode())) {
            throw new IOException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String projectId(int rank) {
        return "bench-p" + rank;
    }

    private int zipfRank(ThreadLocalRandom random) {
        int i = Arrays.binarySearch(zipfCdf, random.nextDouble());
        return Math.min(projects - 1, i >= 0 ? i : -i - 1);
    }

    private static double[] zipf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) sum += 1 / Math.pow(k, s);
        double acc = 0;
        for (int k = 1; k <= n; k++) {
            acc += 1 / Math.pow(k, s) / sum;
            cdf[k - 1] = acc;
        }
        return cdf;
    }
}
