import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Console pages next to the JSON API calls for the same data, in one run: one client, requests one
 * after another on a keep-alive connection (so a request's time is the server's time plus a
 * loopback round trip, never time spent queueing behind our own other requests), the targets taken
 * in turns so that whatever else the shared machine does falls on all of them alike.
 *
 * <pre>java ConsolePageBench.java BASE_URL API_KEY PROJECT_IDS_FILE ROUNDS WARMUP</pre>
 *
 * The key signs in to the console through its form (the sign-in token included) and is sent as a
 * bearer token to the API. Prints a markdown table: p50/p95/p99 per target and the page/API ratios.
 */
public class ConsolePageBench {
    record Target(String group, String name, boolean page, IntFunction<String> path) {}

    public static void main(String[] args) throws Exception {
        String base = args[0], key = args[1];
        List<String> ids = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[2])).stream().filter(s -> !s.isBlank()).toList();
        int rounds = Integer.parseInt(args[3]), warmup = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        signIn(http, base, key);

        Random random = new Random(15);
        String[] words = {"invoices", "ledger", "shipments", "forecast", "payroll", "customers", "claims", "stock", "tickets", "orders"};
        String[] types = {"report", "pipeline", "dashboard"};
        int[] pick = new int[1];
        IntFunction<String> project = i -> ids.get(Math.floorMod(i * 7919, ids.size()));
        IntFunction<String> word = i -> words[i % words.length] + (i % 3 == 0 ? " daily" : "");
        IntFunction<String> type = i -> types[i % types.length];
        IntFunction<String> name = i -> "def-" + (i % 100);
        List<Target> targets = List.of(
                new Target("projects list", "page /projects", true, i -> "/projects"),
                new Target("projects list", "API /api/projects?limit=25", false, i -> "/api/projects?limit=25"),
                new Target("projects list", "API /api/stats (the page's counts)", false, i -> "/api/stats"),
                new Target("project page", "page /projects/{id}", true, i -> "/projects/" + project.apply(i)),
                new Target("project page", "API /api/projects/{id}", false, i -> "/api/projects/" + project.apply(i)),
                new Target("project page", "API /api/projects/{id}/meta", false, i -> "/api/projects/" + project.apply(i) + "/meta"),
                new Target("project page", "API /api/projects/{id}/files", false, i -> "/api/projects/" + project.apply(i) + "/files"),
                new Target("project page", "API /api/projects/{id}/similar", false, i -> "/api/projects/" + project.apply(i) + "/similar?limit=5"),
                new Target("project page", "API /api/operations?project_id=", false, i -> "/api/operations?limit=15&project_id=" + project.apply(i)),
                new Target("search (keyword)", "page /search?mode=keyword", true, i -> "/search?mode=keyword&q=" + enc(word.apply(i))),
                new Target("search (keyword)", "API /api/search?mode=keyword", false, i -> "/api/search?mode=keyword&limit=20&q=" + enc(word.apply(i))),
                new Target("search (hybrid)", "page /search?mode=hybrid", true, i -> "/search?mode=hybrid&q=" + enc(word.apply(i))),
                new Target("search (hybrid)", "API /api/search?mode=hybrid", false, i -> "/api/search?mode=hybrid&limit=20&q=" + enc(word.apply(i))),
                new Target("review inbox", "page /review", true, i -> "/review"),
                new Target("definitions of a type", "page /definitions?type=", true, i -> "/definitions?type=" + type.apply(i)),
                new Target("definitions of a type", "API /api/v1/metadata/{type}?limit=100", false, i -> "/api/v1/metadata/" + type.apply(i) + "?limit=100"),
                new Target("one definition", "page /definitions/{type}/{name}", true, i -> "/definitions/" + type.apply(i) + "/" + name.apply(i)),
                new Target("one definition", "API /api/v1/metadata/{type}/{name}", false, i -> "/api/v1/metadata/" + type.apply(i) + "/" + name.apply(i)),
                new Target("one definition", "API …/{name}/versions", false, i -> "/api/v1/metadata/" + type.apply(i) + "/" + name.apply(i) + "/versions"),
                new Target("an entry's history", "page /projects/{id}/meta/category/history", true, i -> "/projects/" + project.apply(i) + "/meta/category/history"),
                new Target("an entry's history", "API …/meta/category/versions", false, i -> "/api/projects/" + project.apply(i) + "/meta/category/versions"),
                new Target("jobs (100k in the tenant)", "page /jobs", true, i -> "/jobs"),
                new Target("jobs (100k in the tenant)", "API /api/jobs?limit=25", false, i -> "/api/jobs?limit=25"),
                new Target("AI settings and health", "page /admin/ai", true, i -> "/admin/ai"),
                new Target("AI settings and health", "API /api/settings/ai", false, i -> "/api/settings/ai"),
                new Target("search index status", "page /admin/search", true, i -> "/admin/search"));

        Map<Target, long[]> times = new LinkedHashMap<>();
        for (Target t : targets) times.put(t, new long[rounds]);
        for (int r = -warmup; r < rounds; r++) {
            int i = random.nextInt(1_000_000);
            for (Target t : targets) {
                long took = time(http, base, t, i, key);
                if (r >= 0) times.get(t)[r] = took;
            }
        }

        System.out.println("| data | request | p50 ms | p95 ms | p99 ms |");
        System.out.println("|---|---|---:|---:|---:|");
        Map<String, double[]> pageByGroup = new LinkedHashMap<>(), apiByGroup = new LinkedHashMap<>();
        for (var e : times.entrySet()) {
            long[] t = e.getValue();
            Arrays.sort(t);
            double p50 = ms(t, 0.50), p95 = ms(t, 0.95), p99 = ms(t, 0.99);
            Target target = e.getKey();
            System.out.printf("| %s | %s | %.1f | %.1f | %.1f |%n", target.group(), target.name(), p50, p95, p99);
            var sums = target.page() ? pageByGroup : apiByGroup;
            double[] s = sums.computeIfAbsent(target.group(), g -> new double[2]);
            s[0] += p50;
            s[1] += p95;
        }
        System.out.println();
        System.out.println("| data | page p50 / p95 ms | API calls for the same data, summed, p50 / p95 ms | ratio p50 / p95 |");
        System.out.println("|---|---|---|---|");
        for (var e : pageByGroup.entrySet()) {
            double[] page = e.getValue(), api = apiByGroup.get(e.getKey());
            if (api == null) {
                System.out.printf("| %s | %.1f / %.1f | (no API call lists it) | — |%n", e.getKey(), page[0], page[1]);
            } else {
                System.out.printf("| %s | %.1f / %.1f | %.1f / %.1f | %.2fx / %.2fx |%n", e.getKey(), page[0], page[1], api[0], api[1],
                        page[0] / api[0], page[1] / api[1]);
            }
        }
    }

    private static long time(HttpClient http, String base, Target t, int i, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + t.path().apply(i))).GET();
        if (!t.page()) request.header("Authorization", "Bearer " + key).header("Accept", "application/json");
        else request.header("Accept", "text/html");
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(t.name() + " " + t.path().apply(i) + " -> " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8).substring(0, Math.min(300, response.body().length)));
        }
        return took;
    }

    /** The console's sign-in form: its token comes with a cookie, both go back with the key. */
    private static void signIn(HttpClient http, String base, String key) throws Exception {
        String form = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]+)\"").matcher(form);
        if (!token.find()) throw new IllegalStateException("no sign-in token in the form");
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token.group(1) + "&api_key=" + enc(key))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302) throw new IllegalStateException("sign-in answered " + signedIn.statusCode());
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
