package dev.almanac.search;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Chunk embeddings in PostgreSQL: the durable copy the per-instance Lucene indexes are built from. */
@Repository
class EmbeddingStore {
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    EmbeddingStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    record Chunk(int chunk, String text, float[] vector) {}

    record Stored(String model, String textHash, List<Chunk> chunks) {}

    /** Replaces the project's chunks: one delete and one batch of inserts (a round trip, not one per chunk). */
    void replace(String tenantId, String projectId, String model, String textHash, List<Chunk> chunks) {
        delete(tenantId, projectId);
        List<Object[]> rows = new ArrayList<>(chunks.size());
        for (Chunk c : chunks) {
            rows.add(new Object[] {tenantId, projectId, c.chunk(), model, c.vector().length, textHash, c.text(), toBoxed(c.vector())});
        }
        batch.batchUpdate("""
                        INSERT INTO project_embeddings (tenant_id, project_id, chunk, model, dimension, text_hash, chunk_text, vector)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    void delete(String tenantId, String projectId) {
        jdbc.sql("DELETE FROM project_embeddings WHERE tenant_id = ? AND project_id = ?").params(tenantId, projectId).update();
    }

    Map<String, Stored> load(String tenantId, Collection<String> projectIds) {
        Map<String, Stored> out = new HashMap<>();
        if (projectIds.isEmpty()) return out;
        jdbc.sql("""
                        SELECT project_id, chunk, model, text_hash, chunk_text, vector FROM project_embeddings
                        WHERE tenant_id = ? AND project_id = ANY(?) ORDER BY project_id, chunk""")
                .params(tenantId, projectIds.toArray(String[]::new))
                .query((ResultSet rs, int n) -> {
                    Stored s = out.computeIfAbsent(rs.getString("project_id"),
                            k -> safe(() -> new Stored(rs.getString("model"), rs.getString("text_hash"), new ArrayList<>())));
                    s.chunks().add(new Chunk(rs.getInt("chunk"), rs.getString("chunk_text"), toFloats(rs.getArray("vector"))));
                    return null;
                })
                .list();
        return out;
    }

    /** Text hash per project for the current model, to skip re-embedding unchanged text. */
    Map<String, String> hashes(String tenantId, Collection<String> projectIds, String model) {
        Map<String, String> out = new HashMap<>();
        if (projectIds.isEmpty()) return out;
        jdbc.sql("""
                        SELECT DISTINCT project_id, text_hash FROM project_embeddings
                        WHERE tenant_id = ? AND project_id = ANY(?) AND model = ?""")
                .params(tenantId, projectIds.toArray(String[]::new), model)
                .query((rs, n) -> out.put(rs.getString(1), rs.getString(2)))
                .list();
        return out;
    }

    long countProjects(String model) {
        return jdbc.sql("SELECT count(DISTINCT (tenant_id, project_id)) FROM project_embeddings WHERE model = ?")
                .param(model).query(Long.class).single();
    }

    private static Float[] toBoxed(float[] v) {
        Float[] out = new Float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }

    private static float[] toFloats(Array array) throws SQLException {
        Object raw = array.getArray();
        if (raw instanceof Float[] boxed) {
            float[] out = new float[boxed.length];
            for (int i = 0; i < boxed.length; i++) out[i] = boxed[i];
            return out;
        }
        Number[] numbers = (Number[]) raw;
        float[] out = new float[numbers.length];
        for (int i = 0; i < numbers.length; i++) out[i] = numbers[i].floatValue();
        return out;
    }

    private interface SqlSupplier<T> {
        T get() throws SQLException;
    }

    private static <T> T safe(SqlSupplier<T> s) {
        try {
            return s.get();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
