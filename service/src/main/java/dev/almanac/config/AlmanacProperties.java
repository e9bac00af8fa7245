package dev.almanac.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Almanac reads from its environment. Names are chosen so that the documented
 * environment variables bind directly: {@code ALMANAC_DATA_DIR} → {@code almanac.data.dir},
 * {@code ALMANAC_DATABASE_URL} → {@code almanac.database.url}, {@code ALMANAC_ADMIN_TOKEN} →
 * {@code almanac.admin.token}.
 */
@ConfigurationProperties("almanac")
public record AlmanacProperties(
        @DefaultValue Data data,
        @DefaultValue Database database,
        @DefaultValue Admin admin,
        @DefaultValue Limits limits) {

    public record Data(@DefaultValue("./data") Path dir) {
        public Path pgDir() {
            return dir.resolve("pg");
        }
    }

    /**
     * External PostgreSQL when {@code url} is set; otherwise an embedded server under the data dir.
     * {@code embeddedPort} 0 picks a free port.
     */
    public record Database(
            String url,
            String user,
            String password,
            @DefaultValue("16") int poolSize,
            @DefaultValue("0") int embeddedPort,
            /** How long a request waits for a connection before it is answered 503. */
            @DefaultValue("2s") java.time.Duration connectionTimeout,
            /** A read on a connection that stays silent this long fails (a network cut mid-query). */
            @DefaultValue("120s") java.time.Duration socketTimeout,
            /** PostgreSQL ends our sessions left idle inside a transaction this long. */
            @DefaultValue("60s") java.time.Duration idleInTransactionTimeout) {
        public boolean isExternal() {
            return url != null && !url.isBlank();
        }
    }

    public record Admin(String token) {}

    public record Limits(
            @DefaultValue("1048576") long maxBodyBytes,
            @DefaultValue("64") int maxJsonDepth,
            @DefaultValue("50") int defaultPageSize,
            @DefaultValue("500") int maxPageSize) {}
}
