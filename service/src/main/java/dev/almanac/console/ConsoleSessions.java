package dev.almanac.console;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Console sessions, in PostgreSQL so every instance sees them and they survive a restart. The
 * cookie carries only the random id; the row keeps the fingerprint of the key that signed in (not
 * the key), which is checked on every request, and the session's CSRF token. A session idle longer
 * than {@code almanac.console.idle-timeout} is gone; last use is written at most once a minute.
 */
@Repository
class ConsoleSessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final InstantSource clock;
    private final Duration idleTimeout;

    ConsoleSessions(JdbcClient jdbc, InstantSource clock, ConsoleSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.idleTimeout = settings.idleTimeout();
    }

    record Session(String id, String tenantId, String keyId, String keyFingerprint, String csrfToken, Instant lastSeenAt) {}

    Session create(String tenantId, String keyId, String keyFingerprint) {
        Instant now = clock.instant();
        Session s = new Session(randomHex(), tenantId, keyId, keyFingerprint, randomHex(), now);
        jdbc.sql("""
                        INSERT INTO console_sessions (id, tenant_id, key_id, api_key_hash, csrf_token, created_at, last_seen_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(s.id(), tenantId, keyId, keyFingerprint, s.csrfToken(), Timestamp.from(now), Timestamp.from(now))
                .update();
        return s;
    }

    /** The live session with this id, its last use moved to now; an idle one is deleted and not returned. */
    Optional<Session> use(String id) {
        if (id == null || id.length() != 64) return Optional.empty();
        Optional<Session> found = jdbc.sql("""
                        SELECT id, tenant_id, key_id, api_key_hash, csrf_token, last_seen_at FROM console_sessions WHERE id = ?""")
                .param(id)
                .query((rs, n) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()))
                .optional();
        if (found.isEmpty()) return found;
        Instant now = clock.instant();
        Instant lastSeen = found.get().lastSeenAt();
        if (lastSeen.plus(idleTimeout).isBefore(now)) {
            end(id);
            return Optional.empty();
        }
        if (lastSeen.plus(TOUCH_EVERY).isBefore(now)) {
            jdbc.sql("UPDATE console_sessions SET last_seen_at = ? WHERE id = ?").params(Timestamp.from(now), id).update();
        }
        return found;
    }

    void end(String id) {
        jdbc.sql("DELETE FROM console_sessions WHERE id = ?").param(id).update();
    }

    /** Sessions idle past the timeout, removed (they are refused anyway; this only keeps the table small). */
    int endIdle() {
        return jdbc.sql("DELETE FROM console_sessions WHERE last_seen_at < ?")
                .param(Timestamp.from(clock.instant().minus(idleTimeout)))
                .update();
    }

    private static String randomHex() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
