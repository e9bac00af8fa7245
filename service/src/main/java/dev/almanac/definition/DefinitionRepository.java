package dev.almanac.definition;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** sys_metadata (current state) and sys_metadata_history (every version). Every query takes the tenant. */
@Repository
class DefinitionRepository {
    private static final String COLUMNS = """
            type, name, data::text AS data, version, checksum, source, is_active, owner, tags, created_at, updated_at""";
    // A past version seen through the current row: owner and created_at belong to the definition.
    private static final String VERSION_COLUMNS = """
            h.type, h.name, h.data::text AS data, h.version, h.checksum, h.source, h.is_active, m.owner, h.tags,
            m.created_at, h.created_at AS updated_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DefinitionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What a write stores; {@code dataJson} is canonical JSON. */
    record Row(String dataJson, String checksum, String source, boolean active, List<String> tags) {}

    Optional<Definition> find(String tenantId, String type, String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sys_metadata WHERE tenant_id = ? AND type = ? AND name = ?")
                .params(tenantId, type, name)
                .query(this::map)
                .optional();
    }

    /** Reads and locks the row until the transaction ends: concurrent writers of one definition queue here. */
    Optional<Definition> findForUpdate(String tenantId, String type, String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sys_metadata WHERE tenant_id = ? AND type = ? AND name = ? FOR UPDATE")
                .params(tenantId, type, name)
                .query(this::map)
                .optional();
    }

    Optional<Definition> insert(String tenantId, String type, String name, long version, Row row, String owner) {
        return jdbc.sql("""
                        INSERT INTO sys_metadata (tenant_id, type, name, data, version, checksum, source, is_active, owner,
                                                  tags, created_at, updated_at)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, clock_timestamp(), clock_timestamp())
                        ON CONFLICT (tenant_id, type, name) DO NOTHING
                        RETURNING %s""".formatted(COLUMNS))
                .params(tenantId, type, name, row.dataJson(), version, row.checksum(), row.source(), row.active(), owner,
                        row.tags().toArray(String[]::new))
                .query(this::map)
                .optional();
    }

    Definition update(String tenantId, String type, String name, Row row) {
        // clock_timestamp, not now(): a writer that waited for the row lock must not date its version
        // before the one it waited for, or ?as_of= would see them out of order.
        return jdbc.sql("""
                        UPDATE sys_metadata SET data = ?::jsonb, checksum = ?, source = ?, is_active = ?, tags = ?,
                            version = version + 1, updated_at = clock_timestamp()
                        WHERE tenant_id = ? AND type = ? AND name = ?
                        RETURNING %s""".formatted(COLUMNS))
                .params(row.dataJson(), row.checksum(), row.source(), row.active(), row.tags().toArray(String[]::new),
                        tenantId, type, name)
                .query(this::map)
                .single();
    }

    void insertHistory(String tenantId, Definition d, String change, String actor) {
        jdbc.sql("""
                        INSERT INTO sys_metadata_history (tenant_id, type, name, version, data, checksum, source, is_active,
                                                          tags, change, changed_by, created_at)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenantId, d.type(), d.name(), d.version(), CanonicalJson.of(d.data()), d.checksum(), d.source(),
                        d.isActive(), d.tags().toArray(String[]::new), change, actor, Timestamp.from(d.updatedAt()))
                .update();
    }

    Optional<Definition> version(String tenantId, String type, String name, long version) {
        return jdbc.sql("""
                        SELECT %s FROM sys_metadata_history h
                        JOIN sys_metadata m USING (tenant_id, type, name)
                        WHERE h.tenant_id = ? AND h.type = ? AND h.name = ? AND h.version = ?""".formatted(VERSION_COLUMNS))
                .params(tenantId, type, name, version)
                .query(this::map)
                .optional();
    }

    Optional<Definition> asOf(String tenantId, String type, String name, Instant at) {
        return jdbc.sql("""
                        SELECT %s FROM sys_metadata_history h
                        JOIN sys_metadata m USING (tenant_id, type, name)
                        WHERE h.tenant_id = ? AND h.type = ? AND h.name = ? AND h.created_at <= ?
                        ORDER BY h.version DESC LIMIT 1""".formatted(VERSION_COLUMNS))
                .params(tenantId, type, name, Timestamp.from(at))
                .query(this::map)
                .optional();
    }

    List<DefinitionVersion> versions(String tenantId, String type, String name, Long beforeVersion, int limit) {
        return jdbc.sql("""
                        SELECT version, checksum, source, is_active, tags, change, changed_by, created_at
                        FROM sys_metadata_history
                        WHERE tenant_id = ? AND type = ? AND name = ? AND (?::bigint IS NULL OR version < ?)
                        ORDER BY version DESC LIMIT ?""")
                .params(tenantId, type, name, beforeVersion, beforeVersion, limit)
                .query((rs, n) -> new DefinitionVersion(rs.getLong("version"), rs.getString("checksum"),
                        rs.getString("source"), rs.getBoolean("is_active"), tags(rs.getArray("tags")),
                        rs.getString("change"), rs.getString("changed_by"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** The types the tenant has stored definitions of, in order. */
    List<String> types(String tenantId) {
        return jdbc.sql("SELECT DISTINCT type FROM sys_metadata WHERE tenant_id = ? ORDER BY type LIMIT 200")
                .param(tenantId)
                .query(String.class)
                .list();
    }

    List<Definition> list(String tenantId, String type, boolean includeInactive, String afterName, int limit) {
        return jdbc.sql("""
                        SELECT %s FROM sys_metadata
                        WHERE tenant_id = ? AND type = ? AND (? OR is_active) AND name > ?
                        ORDER BY name LIMIT ?""".formatted(COLUMNS))
                .params(tenantId, type, includeInactive, afterName == null ? "" : afterName, limit)
                .query(this::map)
                .list();
    }

    /** Which of these names have an active stored definition: those shadow the registry and the files. */
    Set<String> activeNames(String tenantId, String type, List<String> names) {
        if (names.isEmpty()) return Set.of();
        return new HashSet<>(jdbc.sql("""
                        SELECT name FROM sys_metadata WHERE tenant_id = ? AND type = ? AND name = ANY(?) AND is_active""")
                .params(tenantId, type, names.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    /** Every stored definition of the tenant, by type and name: what an export writes. */
    List<Definition> all(String tenantId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sys_metadata WHERE tenant_id = ? ORDER BY type, name")
                .param(tenantId)
                .query(this::map)
                .list();
    }

    private Definition map(ResultSet rs, int row) throws SQLException {
        return new Definition(rs.getString("type"), rs.getString("name"), json.readTree(rs.getString("data")),
                rs.getLong("version"), rs.getString("checksum"), rs.getString("source"), rs.getBoolean("is_active"),
                rs.getString("owner"), tags(rs.getArray("tags")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), Definition.FROM_DATABASE);
    }

    private static List<String> tags(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
