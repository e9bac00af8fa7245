package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.AlmanacApplication;
import dev.almanac.testing.TestBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as main() runs it: its own application context without a web server, on a real database. */
class AlmanacCliMainTest {
    private final String schema = "almanac_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @TempDir
    Path tmp;

    @Test
    void dispatchesDefinitionCommandsAndLeavesEverythingElseToTheService() {
        assertThat(AlmanacCli.handles(new String[] {"definitions", "export"})).isTrue();
        assertThat(AlmanacCli.handles(new String[] {"--server.port=9000"})).isFalse();
        assertThat(AlmanacCli.handles(new String[] {})).isFalse();
    }

    @Test
    void importsAndExportsThroughItsOwnContext() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("view"));
        Files.writeString(in.resolve("view/orders.yaml"), "columns: [id, total]\n");
        Map<String, Object> props = Map.of(
                "almanac.database.url", TestBackends.EXTERNAL_URL + "?currentSchema=" + schema,
                "almanac.database.user", TestBackends.EXTERNAL_USER,
                "spring.flyway.schemas", schema,
                "almanac.data.dir", tmp.resolve("data").toString(),
                "almanac.admin.token", TestBackends.SYSTEM_TOKEN);

        assertThat(AlmanacCli.run(AlmanacApplication.class, new String[] {"definitions", "import", in.toString()}, props)).isZero();
        Path out = tmp.resolve("out");
        assertThat(AlmanacCli.run(AlmanacApplication.class,
                new String[] {"definitions", "export", "--output", out.toString(), "--format", "json"}, props)).isZero();
        String exported = Files.readString(out.resolve("view/orders.json"));
        assertThat(exported).contains("\"type\" : \"view\"").contains("\"version\" : 1").contains("\"total\"");
        assertThat(AlmanacCli.run(AlmanacApplication.class, new String[] {"definitions", "export"}, props))
                .as("--output is required").isEqualTo(2);
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(TestBackends.EXTERNAL_URL, TestBackends.EXTERNAL_USER, "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
