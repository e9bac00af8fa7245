package dev.almanac.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The two databases every contract runs on. Each Spring test context gets its own data directory,
 * and on the external server its own schema (dropped when the context closes), so runs never collide.
 */
public final class TestBackends {
    public static final String SYSTEM_TOKEN = "test-system-token-0123456789abcdef";
    public static final String EXTERNAL_URL = System.getProperty("almanac.test.external-url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String EXTERNAL_USER = System.getProperty("almanac.test.external-user", "postgres");

    /**
     * Test contexts start often and their first jobs' speed is not what they test: the generation
     * warm-up would only take CPU from them (GenerationWarmUpTest runs it).
     */
    static final String WARM_UP_OFF = "almanac.generation.warm-up-documents=0";

    private TestBackends() {}

    static Path newDataDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Embedded PostgreSQL 18 in a fresh data directory. */
    public static final class Embedded implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(
                            "almanac.data.dir=" + newDataDir("almanac-embedded-"),
                            "almanac.admin.token=" + SYSTEM_TOKEN,
                            // webhook tests post to receivers on 127.0.0.1
                            "almanac.webhooks.allow-private-networks=true",
                            WARM_UP_OFF)
                    .applyTo(context);
        }
    }

    /** The machine's PostgreSQL at 127.0.0.1:5432, database test, in a schema of its own. */
    public static class External implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        /** Where the service connects; a subclass may put something in between (e.g. a proxy to cut). */
        protected String url() {
            return EXTERNAL_URL;
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String schema = "almanac_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            TestPropertyValues.of(
                            "almanac.database.url=" + url() + "?currentSchema=" + schema,
                            "almanac.database.user=" + EXTERNAL_USER,
                            "spring.flyway.schemas=" + schema,
                            // every cached test context keeps its pool open: at the default 16, about six of
                            // them filled the machine's max_connections (100) and a CI run failed on it
                            "almanac.database.pool-size=8",
                            "almanac.data.dir=" + newDataDir("almanac-external-"),
                            "almanac.admin.token=" + SYSTEM_TOKEN,
                            // webhook tests post to receivers on 127.0.0.1
                            "almanac.webhooks.allow-private-networks=true",
                            WARM_UP_OFF)
                    .applyTo(context);
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) dropSchema(schema);
            });
        }

        private static void dropSchema(String schema) {
            try (Connection c = DriverManager.getConnection(EXTERNAL_URL, EXTERNAL_USER, "")) {
                c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("could not drop test schema " + schema + ": " + e.getMessage());
            }
        }
    }
}
