package dev.almanac.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Tenants {
    private final JdbcClient jdbc;

    Tenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Tenant(String id, String name, Instant createdAt) {}

    /** Inserts the tenant; false if the id is taken. */
    boolean create(String id, String name) {
        return jdbc.sql("INSERT INTO tenants (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")
                .params(id, name)
                .update() == 1;
    }

    public Optional<Tenant> find(String id) {
        return jdbc.sql("SELECT id, name, created_at FROM tenants WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Tenant(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .optional();
    }

    List<Tenant> list(String afterId, int limit) {
        return jdbc.sql("SELECT id, name, created_at FROM tenants WHERE id > ? ORDER BY id LIMIT ?")
                .params(afterId == null ? "" : afterId, limit)
                .query((rs, n) -> new Tenant(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                .list();
    }
}
