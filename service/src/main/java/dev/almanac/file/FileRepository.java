package dev.almanac.file;

import dev.almanac.project.Projects;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code files} table. Every query takes the tenant; expired staged files are invisible to reads. */
@Repository
class FileRepository {
    private static final String COLUMNS = """
            id, project_id, bucket, name, size_bytes, content_type, checksum_md5, checksum_sha256, is_staged,
            expires_at, tags::text AS tags, created_at, extracted_text IS NOT NULL AS has_text,
            table_profile::text AS table_profile, path""";
    /** Takes one parameter, the time now ({@link #now()}): expiry is decided by our clock, which tests move. */
    private static final String VISIBLE = "(NOT is_staged OR expires_at IS NULL OR expires_at > ?)";

    private final JdbcClient jdbc;
    private final InstantSource clock;

    FileRepository(JdbcClient jdbc, InstantSource clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    record NewFile(String id, String tenantId, String projectId, String bucket, String name, String path, long size,
            String contentType, String md5, String sha256, boolean staged, Instant expiresAt, String tagsJson,
            String extractedText, String tableProfileJson, String createdBy) {}

    StoredFile insert(NewFile f) {
        return jdbc.sql("""
                        INSERT INTO files (id, tenant_id, project_id, bucket, name, path, size_bytes, content_type,
                            checksum_md5, checksum_sha256, is_staged, expires_at, tags, extracted_text, table_profile,
                            created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)
                        RETURNING %s""".formatted(COLUMNS))
                .params(f.id(), f.tenantId(), f.projectId(), f.bucket(), f.name(), f.path(), f.size(), f.contentType(),
                        f.md5(), f.sha256(), f.staged(), f.expiresAt() == null ? null : Timestamp.from(f.expiresAt()),
                        f.tagsJson(), f.extractedText(), f.tableProfileJson(), f.createdBy())
                .query(FileRepository::map)
                .single();
    }

    Optional<StoredFile> find(String tenantId, String projectId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM files WHERE tenant_id = ? AND project_id = ? AND id = ? AND " + VISIBLE)
                .params(tenantId, projectId, id, now())
                .query(FileRepository::map)
                .optional();
    }

    List<StoredFile> list(String tenantId, String projectId, String bucket, String afterId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM files WHERE tenant_id = ? AND project_id = ? AND " + VISIBLE);
        List<Object> params = new ArrayList<>(List.of(tenantId, projectId, now()));
        if (bucket != null) {
            sql.append(" AND bucket = ?");
            params.add(bucket);
        }
        if (afterId != null) {
            sql.append(" AND id > ?");
            params.add(afterId);
        }
        sql.append(" ORDER BY id LIMIT ?");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(FileRepository::map).list();
    }

    Optional<StoredFile> promote(String tenantId, String projectId, String id) {
        return jdbc.sql("""
                        UPDATE files SET is_staged = false, expires_at = NULL
                        WHERE tenant_id = ? AND project_id = ? AND id = ? AND %s
                        RETURNING %s""".formatted(VISIBLE, COLUMNS))
                .params(tenantId, projectId, id, now())
                .query(FileRepository::map)
                .optional();
    }

    /** Deletes the row (expired or not) and returns it, for its content path. */
    Optional<StoredFile> delete(String tenantId, String projectId, String id) {
        return jdbc.sql("DELETE FROM files WHERE tenant_id = ? AND project_id = ? AND id = ? RETURNING " + COLUMNS)
                .params(tenantId, projectId, id)
                .query(FileRepository::map)
                .optional();
    }

    /** Deletes the row only if it is still an expired staged file (it may have been promoted meanwhile). */
    Optional<StoredFile> deleteIfExpired(String tenantId, String projectId, String id) {
        return jdbc.sql("""
                        DELETE FROM files WHERE tenant_id = ? AND project_id = ? AND id = ?
                          AND is_staged AND expires_at <= ?
                        RETURNING %s""".formatted(COLUMNS))
                .params(tenantId, projectId, id, now())
                .query(FileRepository::map)
                .optional();
    }

    List<String> deleteAllOf(String tenantId, String projectId) {
        return jdbc.sql("DELETE FROM files WHERE tenant_id = ? AND project_id = ? RETURNING path")
                .params(tenantId, projectId)
                .query(String.class)
                .list();
    }

    /** Recounted from the rows: exact by construction, as long as the project row is locked meanwhile. */
    Projects.ContentCounters counters(String tenantId, String projectId) {
        return jdbc.sql("""
                        SELECT coalesce(sum(size_bytes), 0) AS size, count(*) AS files,
                               count(*) FILTER (WHERE table_profile IS NOT NULL) AS tables,
                               count(DISTINCT bucket) AS buckets
                        FROM files WHERE tenant_id = ? AND project_id = ?""")
                .params(tenantId, projectId)
                .query((rs, n) -> new Projects.ContentCounters(rs.getLong("size"), rs.getInt("files"),
                        rs.getInt("tables"), rs.getInt("buckets")))
                .single();
    }

    record Expired(String tenantId, String projectId, String id) {}

    /** Expired staged files, oldest first; claimed with SKIP LOCKED so instances share the work. */
    List<Expired> claimExpired(int limit) {
        return jdbc.sql("""
                        SELECT tenant_id, project_id, id FROM files
                        WHERE is_staged AND expires_at <= ?
                        ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(now(), limit)
                .query((rs, n) -> new Expired(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    record Section(String name, String contentType, String text, String tableProfile) {}

    /** What the project's visible files say, in a stable order, text cut per file. */
    List<Section> sections(String tenantId, String projectId, int maxCharsPerFile) {
        return jdbc.sql("""
                        SELECT name, content_type, left(extracted_text, ?) AS text, table_profile::text AS profile
                        FROM files WHERE tenant_id = ? AND project_id = ? AND %s
                          AND (extracted_text IS NOT NULL OR table_profile IS NOT NULL)
                        ORDER BY name, id""".formatted(VISIBLE))
                .params(maxCharsPerFile, tenantId, projectId, now())
                .query((rs, n) -> new Section(rs.getString("name"), rs.getString("content_type"), rs.getString("text"),
                        rs.getString("profile")))
                .list();
    }

    Optional<String> extractedText(String tenantId, String projectId, String id) {
        return jdbc.sql("SELECT extracted_text FROM files WHERE tenant_id = ? AND project_id = ? AND id = ? AND " + VISIBLE)
                .params(tenantId, projectId, id, now())
                .query((rs, n) -> Optional.ofNullable(rs.getString(1)))
                .optional()
                .flatMap(t -> t);
    }

    record Registered(String id, String path, long size, String sha256) {}

    /** Every row's content reference, a page at a time by id, for reconciliation. */
    List<Registered> registered(String afterId, int limit) {
        return jdbc.sql("SELECT id, path, size_bytes, checksum_sha256 FROM files WHERE id > ? ORDER BY id LIMIT ?")
                .params(afterId, limit)
                .query((rs, n) -> new Registered(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .list();
    }

    boolean isRegistered(String path) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM files WHERE path = ?)").param(path).query(Boolean.class).single();
    }

    private static StoredFile map(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new StoredFile(rs.getString("id"), rs.getString("project_id"), rs.getString("bucket"), rs.getString("name"),
                rs.getLong("size_bytes"), rs.getString("content_type"), rs.getString("checksum_md5"),
                rs.getString("checksum_sha256"), rs.getBoolean("is_staged"), expires == null ? null : expires.toInstant(),
                rs.getString("tags"), rs.getTimestamp("created_at").toInstant(), rs.getBoolean("has_text"),
                rs.getString("table_profile"), rs.getString("path"));
    }

    /** Whether any file row exists, of any tenant (a restore needs none). */
    boolean anyStored() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM files)").query(Boolean.class).single();
    }
}
