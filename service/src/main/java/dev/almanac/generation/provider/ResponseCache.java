package dev.almanac.generation.provider;

import dev.almanac.generation.local.GeneratedMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote answers by (tenant, input hash, prompt version, model). The input hash covers the document
 * and the taxonomy the model was asked to choose from, since both shape the answer. Only validated
 * answers are stored, so a cached answer is as safe as a fresh one.
 */
final class ResponseCache {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    ResponseCache(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record Hit(GeneratedMetadata metadata, int tokens) {}

    Optional<Hit> find(String tenantId, String inputHash, String promptVersion, String model) {
        return jdbc.sql("""
                        SELECT result::text AS result, tokens FROM generation_cache
                        WHERE tenant_id = ? AND input_hash = ? AND prompt_version = ? AND model = ?""")
                .params(tenantId, inputHash, promptVersion, model)
                .query((rs, row) -> new Hit(json.readValue(rs.getString("result"), GeneratedMetadata.class), rs.getInt("tokens")))
                .optional();
    }

    void put(String tenantId, String inputHash, String promptVersion, String provider, ProviderAnswer answer) {
        jdbc.sql("""
                        INSERT INTO generation_cache (tenant_id, input_hash, prompt_version, model, provider, result, tokens)
                        VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
                        ON CONFLICT (tenant_id, input_hash, prompt_version, model) DO NOTHING""")
                .params(tenantId, inputHash, promptVersion, answer.metadata().model(), provider,
                        json.writeValueAsString(answer.metadata()), answer.tokens())
                .update();
    }

    static String inputHash(String text, String taxonomyJson) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(taxonomyJson.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
