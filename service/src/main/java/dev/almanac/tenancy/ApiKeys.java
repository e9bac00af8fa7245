package dev.almanac.tenancy;

import dev.almanac.cache.CachedLookup;
import dev.almanac.cache.Caches;
import dev.almanac.web.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API keys, stored as SHA-256 hashes. A plain fast hash is enough here (unlike passwords) because
 * generated keys carry 256 random bits: there is nothing to brute-force. Lookups are cached (two
 * levels, by key hash); revoking a key evicts it on every instance once the revocation commits.
 */
@Repository
public class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** API keys are looked up before the tenant is known: they live under this pseudo-tenant. */
    private static final String ANY_TENANT = "_";

    private final JdbcClient jdbc;
    private final CachedLookup<ApiKey> byHash;

    ApiKeys(JdbcClient jdbc, Caches caches) {
        this.jdbc = jdbc;
        this.byHash = caches.lookup("api-key", ApiKey.class);
    }

    public record ApiKey(String id, String tenantId, String name, Role role, Instant createdAt, Instant revokedAt) {}

    public record IssuedKey(ApiKey key, String secret) {}

    /** The live key with this secret; empty for an unknown or revoked one. */
    public Optional<ApiKey> authenticate(String presented) {
        return authenticateFingerprint(fingerprint(presented));
    }

    /**
     * The live key whose secret has this fingerprint ({@link #fingerprint}): lets a console session
     * re-check its key on every request without keeping the secret. Cached like {@link #authenticate},
     * and a revocation evicts it on every instance, so a revoked key's sessions end at once.
     */
    public Optional<ApiKey> authenticateFingerprint(String fingerprint) {
        byte[] hash = HexFormat.of().parseHex(fingerprint);
        return Optional.ofNullable(byHash.get(ANY_TENANT, fingerprint, () -> jdbc.sql("""
                        SELECT id, tenant_id, name, role, created_at, revoked_at
                        FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL
                        """)
                .param(hash)
                .query(ApiKeys::map)
                .optional()
                .orElse(null)));
    }

    IssuedKey issue(String tenantId, String name, Role role, String createdBy) {
        String secret = "alm_" + randomToken(32);
        return new IssuedKey(insert(tenantId, name, role, secret, createdBy), secret);
    }

    ApiKey insert(String tenantId, String name, Role role, String secret, String createdBy) {
        String id = "key_" + randomToken(9);
        return jdbc.sql("""
                        INSERT INTO api_keys (id, tenant_id, name, role, key_hash, created_by)
                        VALUES (?, ?, ?, ?, ?, ?)
                        RETURNING id, tenant_id, name, role, created_at, revoked_at
                        """)
                .params(id, tenantId, name, role.wireName(), hash(secret), createdBy)
                .query(ApiKeys::map)
                .single();
    }

    List<ApiKey> list(String tenantId, String afterId, int limit) {
        return jdbc.sql("""
                        SELECT id, tenant_id, name, role, created_at, revoked_at FROM api_keys
                        WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?
                        """)
                .params(tenantId, afterId == null ? "" : afterId, limit)
                .query(ApiKeys::map)
                .list();
    }

    boolean hasSystemKey() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM api_keys WHERE role = 'system' AND revoked_at IS NULL)")
                .query(Boolean.class)
                .single();
    }

    /** Revokes the key if it belongs to the tenant; false when there is no such live key. */
    boolean revoke(String tenantId, String keyId) {
        Optional<byte[]> revoked = jdbc.sql("""
                        UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL
                        RETURNING key_hash""")
                .params(tenantId, keyId)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
        // on every instance, after the revocation commits
        revoked.ifPresent(h -> byHash.evict(ANY_TENANT, HexFormat.of().formatHex(h)));
        return revoked.isPresent();
    }

    /** The stored form of a key's secret (SHA-256, hex): not enough to sign in with. */
    public static String fingerprint(String secret) {
        return HexFormat.of().formatHex(hash(secret));
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomToken(int bytes) {
        byte[] buf = new byte[bytes];
        RANDOM.nextBytes(buf);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf);
    }

    private static ApiKey map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        java.sql.Timestamp revoked = rs.getTimestamp("revoked_at");
        return new ApiKey(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"),
                Role.fromWire(rs.getString("role")), rs.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
