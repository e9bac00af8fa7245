package dev.almanac.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.cli.AlmanacCli;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code almanac definitions export|import}, run in-process against the same application context as
 * the API (so the same database), with the API used to set up and to check. Run on every backend.
 */
abstract class DefinitionsCliContract extends ApiTestBase {
    private static final String BASE = "/api/v1/metadata/";

    @Autowired
    ApplicationContext context;

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {}

    Run cli(String... args) {
        CommandLine cmd = AlmanacCli.commandLine(context);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void seed(Api writer) {
        ok(writer.put(BASE + "schema/view", "{\"data\":{\"type\":\"object\",\"required\":[\"columns\"]}}"));
        ok(writer.put(BASE + "view/orders", "{\"data\":{\"z\":{\"b\":[3,{\"y\":1,\"x\":2}],\"a\":\"ünï\"},\"columns\":[\"id\"],\"n\":1.5},\"tags\":[\"sales\"]}"));
        ok(writer.put(BASE + "view/orders", "{\"data\":{\"z\":{\"b\":[3,{\"y\":1,\"x\":2}],\"a\":\"ünï\"},\"columns\":[\"id\",\"total\"],\"n\":1.5},\"tags\":[\"sales\"]}"));
        ok(writer.put(BASE + "view/retired", "{\"data\":{\"columns\":[]}}"));
        assertThat(writer.delete(BASE + "view/retired").status()).isEqualTo(204);
        ok(writer.put(BASE + "flow/nightly", "{\"data\":{\"cron\":\"0 2 * * *\",\"text\":\"line one\\nline two\",\"yes\":\"no\"}}"));
    }

    @Test
    void exportImportExportIsByteIdentical() throws IOException {
        for (String format : List.of("yaml", "json")) {
            var a = newTenant();
            var b = newTenant();
            seed(a.writer());
            Path first = tmp.resolve(format + "-first");
            Path second = tmp.resolve(format + "-second");
            Run exported = cli("definitions", "export", "--output", first.toString(), "--format", format, "--tenant", a.id());
            assertThat(exported.exitCode()).as(exported.toString()).isZero();
            assertThat(exported.out()).contains("4 definition(s)");

            Run imported = cli("definitions", "import", first.toString(), "--tenant", b.id());
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.out()).contains("4 to create, 0 to update, 0 unchanged, 0 conflict(s)");
            JsonNode orders = b.reader().get(BASE + "view/orders").json();
            assertThat(orders.get("source").asString()).isEqualTo("migration");
            assertThat(orders.get("version").asLong()).isEqualTo(2);
            assertThat(b.reader().get(BASE + "view/retired").json().get("is_active").asBoolean()).isFalse();

            assertThat(cli("definitions", "export", "-o", second.toString(), "--format", format, "--tenant", b.id()).exitCode()).isZero();
            Map<String, byte[]> before = files(first);
            Map<String, byte[]> after = files(second);
            assertThat(after.keySet()).containsExactlyElementsOf(before.keySet())
                    .contains("view/orders." + format, "schema/view." + format, "flow/nightly." + format);
            before.forEach((file, bytes) -> assertThat(after.get(file)).as(file).isEqualTo(bytes));

            String text = Files.readString(first.resolve("view/orders." + format));
            assertThat(text).endsWith("\n").doesNotEndWith("\n\n");
            assertThat(text.indexOf("columns")).isLessThan(text.indexOf("\"n\"") < 0 ? text.indexOf("n:") : text.indexOf("\"n\""));
            assertThat(text).contains("checksum").contains(orders.get("checksum").asString());

            Run again = cli("definitions", "import", first.toString(), "--tenant", b.id());
            assertThat(again.out()).contains("0 to create, 0 to update, 4 unchanged");
        }
    }

    @Test
    void importRefusesADefinitionChangedInTheDatabaseSinceTheExportUnlessForced() throws IOException {
        var t = newTenant();
        ok(t.writer().put(BASE + "view/shared", "{\"data\":{\"owner\":\"alice\"}}"));
        ok(t.writer().put(BASE + "view/mine", "{\"data\":{\"x\":1}}"));
        Path dir = tmp.resolve("drift");
        assertThat(cli("definitions", "export", "-o", dir.toString(), "--tenant", t.id()).exitCode()).isZero();

        ok(t.writer().put(BASE + "view/shared", "{\"data\":{\"owner\":\"bob\"}}"));          // the database moves on…
        replace(dir.resolve("view/shared.yaml"), "alice", "carol");                          // …and so does the file
        replace(dir.resolve("view/mine.yaml"), "x: 1", "x: 2");

        Run refused = cli("definitions", "import", dir.toString(), "--tenant", t.id());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("CONFLICT").contains("view/shared: changed in the database since it was exported")
                .contains("exported version 1").contains("the database now has version 2");
        assertThat(refused.out()).containsPattern("update\\s+view/mine");
        assertThat(refused.err()).contains("Refused").contains("--force");
        assertThat(t.reader().get(BASE + "view/shared").json().get("data").get("owner").asString()).isEqualTo("bob");
        assertThat(t.reader().get(BASE + "view/mine").json().get("version").asLong()).isEqualTo(1); // all or nothing

        Run forced = cli("definitions", "import", dir.toString(), "--tenant", t.id(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        JsonNode shared = t.reader().get(BASE + "view/shared").json();
        assertThat(shared.get("data").get("owner").asString()).isEqualTo("carol");
        assertThat(shared.get("version").asLong()).isEqualTo(3);
        assertThat(shared.get("source").asString()).isEqualTo("migration");
        JsonNode history = t.reader().get(BASE + "view/shared/versions").json().get("items");
        List<String> changes = new ArrayList<>();
        history.forEach(v -> changes.add(v.get("version").asLong() + ":" + v.get("change").asString() + ":" + v.get("source").asString()));
        assertThat(changes).containsExactly("3:import:migration", "2:put:api", "1:put:api");
        assertThat(t.reader().get(BASE + "view/shared?version=2").json().get("data").get("owner").asString()).isEqualTo("bob");
        assertThat(t.reader().get(BASE + "view/mine").json().get("data").get("x").asInt()).isEqualTo(2);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws IOException {
        var t = newTenant();
        ok(t.writer().put(BASE + "view/kept", "{\"data\":{\"k\":1}}"));
        Path dir = tmp.resolve("dry");
        cli("definitions", "export", "-o", dir.toString(), "--tenant", t.id());
        Files.createDirectories(dir.resolve("view"));
        Files.writeString(dir.resolve("view/added.json"), "{\"hand\":\"written\"}\n");
        Run dry = cli("definitions", "import", dir.toString(), "--tenant", t.id(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).containsPattern("create\\s+view/added").containsPattern("unchanged\\s+view/kept")
                .contains("Dry run");
        assertThat(t.reader().get(BASE + "view/added").status()).isEqualTo(404);

        assertThat(cli("definitions", "import", dir.toString(), "--tenant", t.id()).exitCode()).isZero();
        JsonNode added = t.reader().get(BASE + "view/added").json();
        assertThat(added.get("data").get("hand").asString()).isEqualTo("written");
        assertThat(added.get("owner").asString()).startsWith("cli (");
    }

    @Test
    void exportAndImportStayInsideTheirTenant() throws IOException {
        var a = newTenant();
        var b = newTenant();
        ok(a.writer().put(BASE + "view/a-only", "{\"data\":{\"a\":true}}"));
        ok(b.writer().put(BASE + "view/b-only", "{\"data\":{\"b\":true}}"));
        Path dir = tmp.resolve("iso");
        assertThat(cli("definitions", "export", "-o", dir.toString(), "--tenant", b.id()).exitCode()).isZero();
        assertThat(files(dir).keySet()).containsExactly("view/b-only.yaml");

        var c = newTenant();
        assertThat(cli("definitions", "import", dir.toString(), "--tenant", c.id()).exitCode()).isZero();
        assertThat(c.reader().get(BASE + "view/b-only").status()).isEqualTo(200);
        assertThat(a.reader().get(BASE + "view/b-only").status()).isEqualTo(404);
        assertThat(names(a.reader().get(BASE + "view"))).containsExactly("a-only");

        Run unknown = cli("definitions", "import", dir.toString(), "--tenant", "no-such-tenant");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("Tenant 'no-such-tenant' does not exist");
    }

    @Test
    void importValidatesAgainstImportedSchemasAndIsAllOrNothing() throws IOException {
        var t = newTenant();
        Path dir = tmp.resolve("invalid");
        Files.createDirectories(dir.resolve("schema"));
        Files.createDirectories(dir.resolve("view"));
        Files.writeString(dir.resolve("schema/view.yaml"), "type: object\nrequired: [columns]\nproperties:\n  columns: {type: array}\n");
        Files.writeString(dir.resolve("view/good.yaml"), "columns: [id]\n");
        Files.writeString(dir.resolve("view/bad.yaml"), "columns: nope\n");
        Run run = cli("definitions", "import", dir.toString(), "--tenant", t.id());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("nothing was imported").contains("/data/columns");
        assertThat(t.reader().get(BASE + "schema/view").status()).isEqualTo(404);
        assertThat(t.reader().get(BASE + "view/good").status()).isEqualTo(404);

        Files.writeString(dir.resolve("view/bad.yaml"), "columns: [fixed]\n");
        assertThat(cli("definitions", "import", dir.toString(), "--tenant", t.id()).exitCode()).isZero();
        assertThat(names(t.reader().get(BASE + "view"))).containsExactly("bad", "good");
    }

    @Test
    void rejectsFilesWhoseNamesAreNotDefinitionNames() throws IOException {
        var t = newTenant();
        Path dir = tmp.resolve("names");
        Files.createDirectories(dir.resolve("View"));
        Files.writeString(dir.resolve("View/x.yaml"), "a: 1\n");
        Run run = cli("definitions", "import", dir.toString(), "--tenant", t.id());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("'View' is not a valid type name");
    }

    private static void ok(Api.Response r) {
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static List<String> names(Api.Response list) {
        return DefinitionsContract.names(list);
    }
}
