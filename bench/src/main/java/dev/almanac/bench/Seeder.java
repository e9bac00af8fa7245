package dev.almanac.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Fills tenant {@code bench} with projects and ~10 metadata entries each, straight in SQL.
 *
 * <p>Why SQL and not the API: a million PUTs would take longer than the benchmark itself, and the
 * point here is reading, not writing. The rows look like the ones the API writes (source
 * {@code user}, version 1, JSON values of every kind), and {@code setseed} makes every run
 * generate the same data. The tenant itself is created through the API beforehand.
 */
final class Seeder {
    /** Twenty categories, uniformly spread: {@code {"category":"finance"}} matches ~5% of projects. */
    static final List<String> CATEGORIES = List.of("finance", "marketing", "legal", "sales", "engineering",
            "research", "operations", "hr", "security", "compliance", "logistics", "procurement", "support",
            "product", "design", "data-science", "healthcare", "education", "energy", "retail");

    private static final int BATCH = 10_000;

    private final Connection db;
    private final String tenant;

    Seeder(Connection db, String tenant) {
        this.db = db;
        this.tenant = tenant;
    }

    static String projectId(int n) {
        return "proj-%06d".formatted(n);
    }

    void seed(int projects) throws SQLException, IOException {
        Array words = db.createArrayOf("text", words().toArray());
        Array categories = db.createArrayOf("text", CATEGORIES.toArray());
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            st.execute("SELECT setseed(0.42)");
        }
        for (int from = 1; from <= projects; from += BATCH) {
            int to = Math.min(projects, from + BATCH - 1);
            insertProjects(words, from, to);
            insertMeta(words, categories, from, to);
            db.commit();
            Log.info("seeded projects %d..%d", from, to);
        }
        db.setAutoCommit(true);
        try (Statement st = db.createStatement()) {
            // Steady state rather than "just loaded": visibility map set, statistics current.
            st.execute("VACUUM ANALYZE projects");
            st.execute("VACUUM ANALYZE project_meta");
        }
    }

    private void insertProjects(Array words, int from, int to) throws SQLException {
        // w[r] = a random word; descriptions are 12-30 words. The sub-selects mention i so that they
        // are evaluated per row (an uncorrelated one would run once and repeat the same sentence),
        // and aggregate an inner column r (an aggregate over outer columns only would belong to the
        // outer query).
        String sql = """
                WITH v AS (SELECT ?::text[] AS w)
                INSERT INTO projects (tenant_id, id, name, description, settings, size_bytes, file_count,
                                      table_count, bucket_count, created_by, created_at, updated_at)
                SELECT ?, 'proj-' || lpad(i::text, 6, '0'),
                       initcap(w[1 + floor(random() * cardinality(w))::int]) || ' '
                           || w[1 + floor(random() * cardinality(w))::int] || ' ' || (i % 1000),
                       (SELECT string_agg(w[r], ' ') FROM (SELECT 1 + floor(random() * cardinality(w))::int AS r
                          FROM generate_series(1, 12 + (i * 7) % 19)) x),
                       jsonb_build_object('retention_days', 30 * (1 + i % 12), 'public', i % 10 = 0),
                       (random() * 5e9)::bigint, (random() * 400)::int, (random() * 30)::int, (random() * 4)::int,
                       'seed', ts, ts + (random() * interval '200 days')
                FROM v, generate_series(?, ?) i,
                     LATERAL (SELECT now() - interval '3 years' + random() * interval '900 days' AS ts) t
                """;
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setArray(1, words);
            ps.setString(2, tenant);
            ps.setInt(3, from);
            ps.setInt(4, to);
            ps.executeUpdate();
        }
    }

    private void insertMeta(Array words, Array categories, int from, int to) throws SQLException {
        // Ten keys per project: strings, an array, numbers, a boolean and a nested object.
        String sql = """
                WITH v AS (SELECT ?::text[] AS w, ?::text[] AS c)
                INSERT INTO project_meta (tenant_id, project_id, key, value, source, updated_by, created_at, updated_at)
                SELECT ?, 'proj-' || lpad(i::text, 6, '0'), k.key,
                       CASE k.key
                         WHEN 'category' THEN to_jsonb(c[1 + floor(random() * cardinality(c))::int])
                         WHEN 'tags' THEN (SELECT jsonb_agg(DISTINCT w[r]) FROM (SELECT 1 + floor(random()
                                             * cardinality(w))::int AS r FROM generate_series(1, 2 + i % 4)) x)
                         WHEN 'owner' THEN to_jsonb(w[1 + floor(random() * cardinality(w))::int] || '.'
                                             || w[1 + floor(random() * cardinality(w))::int] || '@example.org')
                         WHEN 'summary' THEN (SELECT to_jsonb(string_agg(w[r], ' ')) FROM (SELECT 1 + floor(random()
                                             * cardinality(w))::int AS r FROM generate_series(1, 20 + (i * 3) % 21)) x)
                         WHEN 'priority' THEN to_jsonb(1 + floor(random() * 5)::int)
                         WHEN 'budget' THEN to_jsonb(round((random() * 2e6)::numeric, 2))
                         WHEN 'region' THEN to_jsonb((ARRAY['eu-west','eu-central','us-east','us-west','ap-south',
                                             'ap-northeast','sa-east','af-south'])[1 + floor(random() * 8)::int])
                         WHEN 'language' THEN to_jsonb((ARRAY['en','de','fr','es','it','nl','pl','pt'])[1 + floor(random() * 8)::int])
                         WHEN 'reviewed' THEN to_jsonb(random() < 0.3)
                         ELSE jsonb_build_object('rows', floor(random() * 1e7)::bigint,
                                                 'freshness_days', floor(random() * 90)::int,
                                                 'sources', floor(1 + random() * 6)::int)
                       END,
                       'user', 'seed', now() - interval '1 year', now() - random() * interval '300 days'
                FROM v, generate_series(?, ?) i,
                     unnest(ARRAY['category','tags','owner','summary','priority','budget','region','language',
                                  'reviewed','quality']) AS k(key)
                """;
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setArray(1, words);
            ps.setArray(2, categories);
            ps.setString(3, tenant);
            ps.setInt(4, from);
            ps.setInt(5, to);
            ps.executeUpdate();
        }
    }

    private static List<String> words() throws IOException {
        try (InputStream in = Seeder.class.getResourceAsStream("/words.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        }
    }
}
