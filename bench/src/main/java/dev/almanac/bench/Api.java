package dev.almanac.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP side: setting up the tenant, and the three read requests under test. */
final class Api {
    static final List<String> META_KEYS = List.of("category", "tags", "owner", "summary", "priority", "budget",
            "region", "language", "reviewed", "quality");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final String baseUrl;
    private final int projects;
    private final boolean jdkClient;

    /** {@code jdkClient}: load phases use {@code java.net.http.HttpClient} instead of {@link LeanHttp}. */
    Api(String baseUrl, int projects, boolean jdkClient) {
        this.baseUrl = baseUrl;
        this.projects = projects;
        this.jdkClient = jdkClient;
    }

    /** One HTTP/1.1 client, hence one keep-alive connection, per worker: like one pgbench client. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Creates the tenant (409 = left from an earlier run, fine) and returns a fresh reader key of it. */
    String createTenantAndKey(String systemToken, String tenant) throws IOException, InterruptedException {
        HttpClient http = newClient();
        HttpResponse<String> t = http.send(post("/api/admin/tenants", systemToken,
                "{\"id\":\"" + tenant + "\",\"name\":\"Benchmark tenant\"}"), HttpResponse.BodyHandlers.ofString());
        if (t.statusCode() != 201 && t.statusCode() != 409) throw new IOException("create tenant: " + t.statusCode() + " " + t.body());
        HttpResponse<String> k = http.send(post("/api/admin/tenants/" + tenant + "/keys", systemToken,
                "{\"name\":\"bench\",\"role\":\"reader\"}"), HttpResponse.BodyHandlers.ofString());
        if (k.statusCode() != 201) throw new IOException("create key: " + k.statusCode() + " " + k.body());
        Matcher m = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(k.body());
        if (!m.find()) throw new IOException("no key in " + k.body());
        return m.group(1);
    }

    Load.ProbeFactory getProject(String apiKey) {
        return () -> probe(apiKey, r -> "/api/projects/" + Seeder.projectId(1 + r.nextInt(projects)));
    }

    Load.ProbeFactory getMeta(String apiKey) {
        return () -> probe(apiKey, r -> "/api/projects/" + Seeder.projectId(1 + r.nextInt(projects)) + "/meta/"
                + META_KEYS.get(r.nextInt(META_KEYS.size())));
    }

    Load.ProbeFactory containment(String apiKey, String metaJson, int limit) {
        String path = containmentPath(metaJson, limit);
        return () -> probe(apiKey, r -> path);
    }

    /** Every read path in turn, for warming the service up. */
    Load.ProbeFactory mixed(String apiKey, String metaJson, int limit) {
        String filter = containmentPath(metaJson, limit);
        return () -> probe(apiKey, r -> switch (r.nextInt(3)) {
            case 0 -> "/api/projects/" + Seeder.projectId(1 + r.nextInt(projects));
            case 1 -> "/api/projects/" + Seeder.projectId(1 + r.nextInt(projects)) + "/meta/"
                    + META_KEYS.get(r.nextInt(META_KEYS.size()));
            default -> filter;
        });
    }

    static String containmentPath(String metaJson, int limit) {
        return "/api/projects?meta=" + URLEncoder.encode(metaJson, StandardCharsets.UTF_8) + "&limit=" + limit;
    }

    /** GET and return the body; anything but 200 is an error. */
    String get(HttpClient http, String apiKey, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + apiKey)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    static List<String> ids(String body) {
        return ID.matcher(body).results().map(m -> m.group(1)).toList();
    }

    private interface PathPicker {
        String next(ThreadLocalRandom random);
    }

    private Load.Probe probe(String apiKey, PathPicker paths) {
        if (!jdkClient) {
            LeanHttp lean = new LeanHttp(baseUrl, apiKey);
            return new Load.Probe() {
                @Override
                public void call(ThreadLocalRandom random) throws Exception {
                    lean.get(paths.next(random));
                }

                @Override
                public void close() throws IOException {
                    lean.close();
                }
            };
        }
        HttpClient http = newClient();
        return new Load.Probe() {
            @Override
            public void call(ThreadLocalRandom random) throws Exception {
                get(http, apiKey, paths.next(random));
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    private HttpRequest post(String path, String token, String json) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
