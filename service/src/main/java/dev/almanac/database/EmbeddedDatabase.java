package dev.almanac.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled PostgreSQL server used when no external database is configured.
 *
 * <p>zonky's defaults are made for throw-away test databases ({@code -F} = fsync off,
 * synchronous_commit off); Almanac keeps real data here, so both are turned back on and checked
 * after start. A postmaster orphaned by a hard kill of a previous JVM is stopped first.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            OrphanedPostmaster.stopIfPresent(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // zonky's own JVM shutdown hook stops the server at once, under requests still in
                    // flight (seen as "terminating connection due to administrator command" during a
                    // SIGTERM); the Spring context stops it instead, after the graceful shutdown
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedDatabase db = new EmbeddedDatabase(builder.start());
            db.verifyDurable();
            log.info("Embedded PostgreSQL ready at {} (data in {})", db.jdbcUrl(), dataDir.toAbsolutePath());
            return db;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not start the embedded PostgreSQL in " + dataDir.toAbsolutePath()
                            + ": " + e.getMessage() + ". Check that the directory is writable, or set ALMANAC_DATABASE_URL.",
                    e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    String user() {
        return "postgres";
    }

    private void verifyDurable() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        throw new IllegalStateException("Embedded PostgreSQL started with " + setting + "="
                                + rs.getString(1) + "; refusing to run without durable commits");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Embedded PostgreSQL is not answering: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
