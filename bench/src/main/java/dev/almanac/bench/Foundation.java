package dev.almanac.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark of the foundation issue: reads through the API next to the same reads straight
 * from PostgreSQL, at the same client count, in one run against one database. See
 * {@code bench/foundation.sh}, which starts the service and calls this.
 *
 * <p>Arguments ({@code --name=value}): base-url, jdbc-url, pg-port, pg-data, service-pid,
 * admin-token, projects (100000), clients (16), warmup (10 s), duration (30 s), pgbench, out,
 * http-client (lean | jdk), only (run just the phases whose name contains this).
 */
public final class Foundation {
    private static final String TENANT = "bench";
    private static final String FILTER_KEY = "category";
    private static final String FILTER_VALUE = "\"finance\"";
    private static final String FILTER_JSON = "{\"category\":\"finance\"}";
    private static final int PAGE = 50;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int projects = Integer.parseInt(a.getOrDefault("projects", "100000"));
        int clients = Integer.parseInt(a.getOrDefault("clients", "16"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(a.getOrDefault("warmup", "10")));
        Duration duration = Duration.ofSeconds(Long.parseLong(a.getOrDefault("duration", "30")));
        Duration shortWarmup = Duration.ofSeconds(Math.max(3, warmup.toSeconds() / 2));
        boolean jdkClient = "jdk".equals(a.getOrDefault("http-client", "lean"));
        Api api = new Api(a.getOrDefault("base-url", "http://127.0.0.1:18080"), projects, jdkClient);
        Raw raw = new Raw(a.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:55432/postgres"), TENANT, projects);
        int pgPort = Integer.parseInt(a.getOrDefault("pg-port", "55432"));
        Path pgData = Path.of(a.getOrDefault("pg-data", "/tmp/almanac-bench-data/pg"));
        String pgbenchPath = a.getOrDefault("pgbench", "/usr/bin/pgbench");

        Report report = new Report();
        String rareOwner;
        String key = api.createTenantAndKey(required(a, "admin-token"), TENANT);
        try (Connection db = raw.connect()) {
            long existing = count(db, "SELECT count(*) FROM projects WHERE tenant_id = '" + TENANT + "'");
            if (existing < projects) {
                Instant t0 = Instant.now();
                new Seeder(db, TENANT).seed(projects);
                Log.info("seeding took %ds", Duration.between(t0, Instant.now()).toSeconds());
            }
            checkApiAgreesWithDatabase(api, key, raw);
            rareOwner = text(db, "SELECT value::text FROM project_meta WHERE tenant_id = 'bench' AND project_id = '"
                    + Seeder.projectId(1) + "' AND key = 'owner'");
            describeSetup(report, db, clients, warmup, duration, jdkClient);
        }

        long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).getFirst().trim());
        Cpu cpu = new Cpu(Long.parseLong(required(a, "service-pid")), postmaster);
        Pgbench pgbench = Pgbench.available(pgbenchPath) ? new Pgbench(pgbenchPath, pgPort) : null;
        Phases phases = new Phases(a.get("only"), cpu, pgbench);

        // One run of every API path first, unmeasured: the service's JIT should not be charged to
        // whichever phase happens to come first (on a busy 2-core box C2 takes a while).
        if (phases.enabled("warm-up")) {
            Load.run("service warm-up (not reported)", clients, api.mixed(key, FILTER_JSON, PAGE), warmup.multipliedBy(2),
                    Duration.ofSeconds(1), cpu);
        }

        Load.Result apiProject = phases.run("API GET /api/projects/{id}", clients, api.getProject(key), warmup, duration);
        Load.Result rawProject = phases.run("JDBC project by PK", clients, raw.getProject(), shortWarmup, duration);
        Load.Result pgProject = pgbench == null ? null : phases.pgbench("pgbench project by PK", Pgbench.PROJECT_SCRIPT
                .formatted(projects, Raw.PROJECT_COLUMNS, TENANT), clients, shortWarmup, duration);

        Load.Result apiMeta = phases.run("API GET /api/projects/{id}/meta/{key}", clients, api.getMeta(key), warmup, duration);
        Load.Result rawMeta = phases.run("JDBC meta by key", clients, raw.getMeta(), shortWarmup, duration);
        Load.Result pgMeta = pgbench == null ? null : phases.pgbench("pgbench meta by key", Pgbench.META_SCRIPT
                .formatted(projects, Raw.META_COLUMNS, TENANT), clients, shortWarmup, duration);

        Duration filterRun = duration.dividedBy(2);
        Load.Result apiFilter = phases.run("API ?meta={\"category\":\"finance\"}&limit=50", clients,
                api.containment(key, FILTER_JSON, PAGE), warmup, filterRun);
        Load.Result rawFilter = phases.run("JDBC containment SQL, finance", clients,
                raw.containment(FILTER_KEY, FILTER_VALUE, PAGE), shortWarmup, filterRun);
        Load.Result apiFilter1 = phases.run("API ?meta={\"category\":\"finance\"} 1 client", 1,
                api.containment(key, FILTER_JSON, PAGE), shortWarmup, filterRun);
        Load.Result rawFilter1 = phases.run("JDBC containment SQL, finance, 1 client", 1,
                raw.containment(FILTER_KEY, FILTER_VALUE, PAGE), shortWarmup, filterRun);
        // A selective filter (a handful of matches), where the GIN index is the better path.
        Load.Result apiRare = phases.run("API ?meta={\"owner\":...} (selective)", clients,
                api.containment(key, "{\"owner\":" + rareOwner + "}", PAGE), shortWarmup, filterRun);
        Load.Result rawRare = phases.run("JDBC containment SQL, owner (selective)", clients,
                raw.containment("owner", rareOwner, PAGE, false), shortWarmup, filterRun);

        phases.results().forEach(report::add);
        report.line("### Results").line("").table();
        report.line("### Ratios and targets").line("").ratioHeader()
                .ratio(apiProject, rawProject, 0.3, 10).ratio(apiProject, pgProject, 0.3, 10)
                .ratio(apiMeta, rawMeta, 0.3, 10).ratio(apiMeta, pgMeta, 0.3, 10)
                .ratio(apiFilter, rawFilter, 0.3, 10).ratio(apiFilter1, rawFilter1, 0.3, 10)
                .ratio(apiRare, rawRare, 0.3, 10).line("");

        try (Connection db = raw.connect()) {
            Explain.Plans plans = Explain.containment(db, TENANT, FILTER_KEY, FILTER_VALUE, PAGE);
            report.line("### EXPLAIN of the containment query").line("")
                    .line("GIN index `project_meta_value` used: custom plan %s, generic plan %s, auto after 10 executions %s.",
                            yesNo(Explain.usesGin(plans.custom())), yesNo(Explain.usesGin(plans.generic())),
                            yesNo(Explain.usesGin(plans.autoAfterWarmup()))).line("")
                    .line("Custom plan (`plan_cache_mode = force_custom_plan`):").line("").code(plans.custom())
                    .line("Generic plan (`force_generic_plan`):").line("").code(plans.generic())
                    .line("`auto`, after 10 executions (what a long-lived prepared statement gets):").line("")
                    .code(plans.autoAfterWarmup());
            Explain.Plans rare = Explain.containment(db, TENANT, "owner", rareOwner, PAGE);
            report.line("For contrast, the selective filter `{\"owner\":%s}` (custom plan; GIN used: %s):", rareOwner,
                    yesNo(Explain.usesGin(rare.custom()))).line("").code(rare.custom());
        }
        System.out.print(report);
        if (a.containsKey("out")) Files.writeString(Path.of(a.get("out")), report.toString());
    }

    /** Before timing anything: the API must return what the database holds, or the numbers mean nothing. */
    private static void checkApiAgreesWithDatabase(Api api, String key, Raw raw) throws Exception {
        HttpClient http = Api.newClient();
        String project = api.get(http, key, "/api/projects/" + Seeder.projectId(1));
        if (!Api.ids(project).equals(List.of(Seeder.projectId(1)))) throw new IllegalStateException("unexpected " + project);
        api.get(http, key, "/api/projects/" + Seeder.projectId(1) + "/meta/category");
        List<String> fromApi = Api.ids(api.get(http, key, Api.containmentPath(FILTER_JSON, PAGE)));
        List<String> fromDb = raw.containmentIds(FILTER_KEY, FILTER_VALUE, PAGE);
        if (fromApi.size() != PAGE || !fromApi.equals(fromDb)) {
            throw new IllegalStateException("containment filter: API " + fromApi + " but SQL " + fromDb);
        }
        Log.info("API and SQL agree (first containment page: %s .. %s)", fromDb.getFirst(), fromDb.getLast());
    }

    private static void describeSetup(Report report, Connection db, int clients, Duration warmup, Duration duration,
            boolean jdkClient) throws Exception {
        report.line("### Setup").line("")
                .line("- started %s; machine: %d cores (`nproc`), %s; load average before: %s", Instant.now(),
                        Runtime.getRuntime().availableProcessors(), memory(),
                        Files.readString(Path.of("/proc/loadavg")).strip())
                .line("- harness JVM: %s %s", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"))
                .line("- database: %s", text(db, "SELECT version()"))
                .line("- shared_buffers %s, max_connections %s, fsync %s, synchronous_commit %s",
                        text(db, "SHOW shared_buffers"), text(db, "SHOW max_connections"), text(db, "SHOW fsync"),
                        text(db, "SHOW synchronous_commit"))
                .line("- tenant `%s`: %d projects, %d metadata entries (%d with category finance); projects %s, project_meta %s (with indexes)",
                        TENANT, count(db, "SELECT count(*) FROM projects WHERE tenant_id = 'bench'"),
                        count(db, "SELECT count(*) FROM project_meta WHERE tenant_id = 'bench'"),
                        count(db, "SELECT count(*) FROM project_meta WHERE tenant_id = 'bench' AND key = 'category' AND value = '\"finance\"'"),
                        text(db, "SELECT pg_size_pretty(pg_total_relation_size('projects'))"),
                        text(db, "SELECT pg_size_pretty(pg_total_relation_size('project_meta'))"))
                .line("- %d concurrent clients; warm-up %ds then %ds measured per phase (containment phases half that); closed loop",
                        clients, warmup.toSeconds(), duration.toSeconds())
                .line("- HTTP load client: %s", jdkClient ? "java.net.http.HttpClient (one per worker, HTTP/1.1)"
                        : "LeanHttp (blocking HTTP/1.1 on one keep-alive socket per worker)")
                .line("");
    }

    private static String memory() throws Exception {
        return Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("\\s+", " ");
    }

    private static String yesNo(boolean b) {
        return b ? "**yes**" : "**no**";
    }

    private static long count(Connection db, String sql) throws SQLException {
        return Long.parseLong(text(db, sql));
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("missing --" + name + "=...");
        return v;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) throw new IllegalArgumentException("expected --name=value: " + arg);
            a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return a;
    }
}
