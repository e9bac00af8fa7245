package dev.almanac.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Almanac reads from its environment. Names are chosen so that the documented
 * environment variables bind directly: {@code ALMANAC_DATA_DIR} → {@code almanac.data.dir},
 * {@code ALMANAC_DATABASE_URL} → {@code almanac.database.url}, {@code ALMANAC_ADMIN_TOKEN} →
 * {@code almanac.admin.token}.
 *
 * @param data where the embedded mode keeps everything
 * @param database the PostgreSQL server
 * @param admin the first system key
 * @param limits request size and paging limits
 */
@ConfigurationProperties("almanac")
public record AlmanacProperties(
        @DefaultValue Data data,
        @DefaultValue Database database,
        @DefaultValue Admin admin,
        @DefaultValue Limits limits) {

    /** @param dir everything the embedded mode keeps: pg/ (PostgreSQL data), files/ (file content), index/ (search), admin-token */
    public record Data(@DefaultValue("./data") Path dir) {
        public Path pgDir() {
            return dir.resolve("pg");
        }
    }

    /**
     * External PostgreSQL when {@code url} is set; otherwise an embedded server under the data dir.
     * {@code embeddedPort} 0 picks a free port.
     *
     * @param url external PostgreSQL 15 or newer, jdbc:postgresql://host:5432/db or postgresql://user:pw@host:5432/db; unset: embedded
     * @param user user of the external database
     * @param password password of the external database; never logged or shown
     * @param poolSize connections in the pool
     * @param embeddedPort port of the embedded PostgreSQL, which listens on 127.0.0.1 only (0: a free port)
     * @param slowStatementThreshold statements slower than this on average count in almanac.db.slow.statements
     * @param connectionTimeout how long a request waits for a connection before it is answered 503
     * @param socketTimeout a read on a connection that stays silent this long fails (a network cut mid-query)
     * @param idleInTransactionTimeout PostgreSQL ends our sessions left idle inside a transaction this long
     */
    public record Database(
            String url,
            String user,
            String password,
            @DefaultValue("16") int poolSize,
            @DefaultValue("0") int embeddedPort,
            @DefaultValue("100ms") java.time.Duration slowStatementThreshold,
            @DefaultValue("2s") java.time.Duration connectionTimeout,
            @DefaultValue("120s") java.time.Duration socketTimeout,
            @DefaultValue("60s") java.time.Duration idleInTransactionTimeout) {
        public boolean isExternal() {
            return url != null && !url.isBlank();
        }
    }

    /** @param token on a fresh database, the system key of tenant "default" (generated and written to the data dir when unset) */
    public record Admin(String token) {}

    /**
     * @param maxBodyBytes largest JSON request body (413 past it)
     * @param maxJsonDepth deepest JSON nesting accepted (400 past it)
     * @param defaultPageSize page size of a list without ?limit
     * @param maxPageSize largest ?limit accepted
     */
    public record Limits(
            @DefaultValue("1048576") long maxBodyBytes,
            @DefaultValue("64") int maxJsonDepth,
            @DefaultValue("50") int defaultPageSize,
            @DefaultValue("500") int maxPageSize) {}
}
