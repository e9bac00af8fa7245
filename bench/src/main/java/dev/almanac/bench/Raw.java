package dev.almanac.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The baseline: the same SQL the service runs, straight over JDBC. Each worker has its own
 * connection and prepared statement in autocommit, like a {@code pgbench -S} client: no pool, no
 * transaction around the read, no HTTP, no JSON. The column lists are copied from
 * {@code ProjectRepository} and {@code MetaRepository} so the database does the same work.
 */
final class Raw {
    static final String PROJECT_COLUMNS = """
            id, name, description, status, settings::text AS settings, size_bytes, file_count, table_count,
            bucket_count, version, created_at, updated_at, deleted_at""";
    static final String META_COLUMNS = """
            key, value::text AS value, version, source, review_status, provenance::text AS provenance,
            created_at, updated_at, updated_by""";

    static final String GET_PROJECT = "SELECT " + PROJECT_COLUMNS + " FROM projects WHERE tenant_id = ? AND id = ?";
    static final String GET_META = "SELECT " + META_COLUMNS
            + " FROM project_meta WHERE tenant_id = ? AND project_id = ? AND key = ?";
    /** {@code ProjectRepository.list} with one {@code MetaContainmentFilter} condition and no cursor. */
    static final String CONTAINMENT = "SELECT " + PROJECT_COLUMNS + """
             FROM projects p WHERE p.tenant_id = ? AND p.status = ANY(?) AND (EXISTS (SELECT 1 FROM project_meta m \
            WHERE m.tenant_id = p.tenant_id AND m.project_id = p.id
                    AND m.key = ? AND m.value @> ?::jsonb)) ORDER BY p.id LIMIT ?""";

    private final String jdbcUrl;
    private final String tenant;
    private final int projects;

    Raw(String jdbcUrl, String tenant, int projects) {
        this.jdbcUrl = jdbcUrl;
        this.tenant = tenant;
        this.projects = projects;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    Load.ProbeFactory getProject() {
        return () -> probe(GET_PROJECT, (ps, r) -> {
            ps.setString(1, tenant);
            ps.setString(2, Seeder.projectId(1 + r.nextInt(projects)));
        }, 1);
    }

    Load.ProbeFactory getMeta() {
        return () -> probe(GET_META, (ps, r) -> {
            ps.setString(1, tenant);
            ps.setString(2, Seeder.projectId(1 + r.nextInt(projects)));
            ps.setString(3, Api.META_KEYS.get(r.nextInt(Api.META_KEYS.size())));
        }, 1);
    }

    /** The service fetches limit + 1 rows to know whether there is a next page; so does this. */
    Load.ProbeFactory containment(String key, String valueJson, int limit) {
        return containment(key, valueJson, limit, true);
    }

    /** {@code fullPage}: the filter matches more than a page, so exactly limit + 1 rows must come back. */
    Load.ProbeFactory containment(String key, String valueJson, int limit, boolean fullPage) {
        return () -> {
            Connection c = connect();
            var statuses = c.createArrayOf("varchar", new String[] {"active", "locked"});
            return probe(c, CONTAINMENT, (ps, r) -> bindContainment(ps, statuses, key, valueJson, limit),
                    fullPage ? limit + 1 : -1);
        };
    }

    void bindContainment(PreparedStatement ps, java.sql.Array statuses, String key, String valueJson, int limit)
            throws SQLException {
        ps.setString(1, tenant);
        ps.setArray(2, statuses);
        ps.setString(3, key);
        ps.setString(4, valueJson);
        ps.setInt(5, limit + 1);
    }

    /** The ids the containment query returns, to check the API answers the same. */
    List<String> containmentIds(String key, String valueJson, int limit) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(CONTAINMENT)) {
            bindContainment(ps, c.createArrayOf("varchar", new String[] {"active", "locked"}), key, valueJson, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString("id"));
            }
            return ids.subList(0, Math.min(limit, ids.size()));
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps, ThreadLocalRandom random) throws SQLException;
    }

    private Load.Probe probe(String sql, Binder binder, int expectedRows) throws SQLException {
        return probe(connect(), sql, binder, expectedRows);
    }

    private static Load.Probe probe(Connection c, String sql, Binder binder, int expectedRows) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        return new Load.Probe() {
            // expectedRows -1: any non-empty result.
            @Override
            public void call(ThreadLocalRandom random) throws Exception {
                binder.bind(ps, random);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        // Read every column as the service's row mapper does, so decoding is not skipped.
                        for (int i = 1; i <= md.getColumnCount(); i++) rs.getObject(i);
                        rows++;
                    }
                }
                if (expectedRows >= 0 ? rows != expectedRows : rows == 0) throw new SQLException("expected " + expectedRows + " rows, got " + rows);
            }

            @Override
            public void close() throws SQLException {
                ps.close();
                c.close();
            }
        };
    }
}
