package dev.almanac.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.cli.AlmanacCli;
import dev.almanac.meta.MetaChanged;
import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxEvent;
import dev.almanac.outbox.OutboxPosition;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** Bulk import and export of projects ({@code /api/projects/import|export}, {@code almanac projects}). Run on every backend. */
abstract class TransferContract extends ApiTestBase {
    private static final String CSV = "text/csv";
    private static final String JSONL = "application/x-ndjson";

    @Autowired
    ApplicationContext context;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path tmp;

    private static final String THREE_ROWS = """
            id,name,description,status,meta.category,meta.tags
            ledger,Ledger,"Books, with a comma",active,"""
            + "\"\"\"finance\"\"\",\"[\"\"gl\"\",\"\"eu\"\"]\"\n"
            + "orders,Orders,,locked,\"\"\"sales\"\"\",\n"
            + "\"multi\",\"Multi line\",\"one\ntwo\",,,\"[]\"\n";

    private static Api.Response importFile(Api api, String mode, String body, String type) {
        return api.send("POST", "/api/projects/import?mode=" + mode, body, type);
    }

    @Test
    void importsCsvRowsWithTheirMetadata() {
        var t = newTenant();
        Api.Response r = importFile(t.writer(), "atomic", THREE_ROWS, CSV);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode report = r.json();
        assertThat(report.get("committed").asBoolean()).isTrue();
        assertThat(report.get("rows").asLong()).isEqualTo(3);
        assertThat(report.get("created").asLong()).isEqualTo(3);
        assertThat(report.get("failed").asLong()).isZero();

        JsonNode ledger = t.reader().get("/api/projects/ledger").json();
        assertThat(ledger.get("description").asString()).isEqualTo("Books, with a comma");
        JsonNode category = t.reader().get("/api/projects/ledger/meta/category").json();
        assertThat(category.get("value").asString()).isEqualTo("finance");
        assertThat(category.get("source").asString()).isEqualTo("import");
        assertThat(t.reader().get("/api/projects/ledger/meta/tags").json().get("value").get(1).asString()).isEqualTo("eu");
        assertThat(t.reader().get("/api/projects/orders").json().get("status").asString()).isEqualTo("locked");
        assertThat(t.reader().get("/api/projects/orders/meta/category").json().get("value").asString()).isEqualTo("sales");
        assertThat(t.reader().get("/api/projects/multi").json().get("description").asString()).isEqualTo("one\ntwo");
        assertThat(t.reader().get("/api/projects/multi/meta/tags").json().get("value").isArray()).isTrue();
    }

    @Test
    void reimportingTheSameFileChangesNothing() {
        var t = newTenant();
        assertThat(importFile(t.writer(), "atomic", THREE_ROWS, CSV).status()).isEqualTo(200);
        long version = t.reader().get("/api/projects/ledger").json().get("version").asLong();
        long metaVersion = t.reader().get("/api/projects/ledger/meta/category").json().get("version").asLong();

        JsonNode again = importFile(t.writer(), "atomic", THREE_ROWS, CSV).json();
        assertThat(again.get("unchanged").asLong()).isEqualTo(3);
        assertThat(again.get("created").asLong()).isZero();
        assertThat(again.get("updated").asLong()).isZero();
        assertThat(t.reader().get("/api/projects/ledger").json().get("version").asLong()).isEqualTo(version);
        assertThat(t.reader().get("/api/projects/ledger/meta/category").json().get("version").asLong()).isEqualTo(metaVersion);
    }

    @Test
    void rowsWithoutAnIdAreMatchedByName() {
        var t = newTenant();
        String first = "name,meta.owner\nPayroll,\"\"\"ann\"\"\"\n";
        assertThat(importFile(t.writer(), "atomic", first, CSV).json().get("created").asLong()).isEqualTo(1);
        String second = "name,meta.owner\nPayroll,\"\"\"bob\"\"\"\n";
        JsonNode report = importFile(t.writer(), "atomic", second, CSV).json();
        assertThat(report.get("updated").asLong()).isEqualTo(1);
        JsonNode items = t.reader().get("/api/projects?q=Payroll").json().get("items");
        assertThat(items.size()).isEqualTo(1);
        String id = items.get(0).get("id").asString();
        assertThat(t.reader().get("/api/projects/" + id + "/meta/owner").json().get("value").asString()).isEqualTo("bob");
    }

    @Test
    void laterRowsForTheSameProjectSeeTheEarlierOnes() {
        var t = newTenant();
        aProjectNamed(t.writer(), "existing", "Existing");
        String body = "id,name,meta.stage\nfresh,Fresh,1\nfresh,Fresher,2\nexisting,Existing,1\nexisting,Renamed,\n";
        JsonNode report = importFile(t.writer(), "atomic", body, CSV).json();
        assertThat(report.get("created").asLong()).as(report.toString()).isEqualTo(1);
        assertThat(report.get("updated").asLong()).isEqualTo(3);
        assertThat(t.reader().get("/api/projects/fresh").json().get("name").asString()).isEqualTo("Fresher");
        assertThat(t.reader().get("/api/projects/fresh/meta/stage").json().get("value").asInt()).isEqualTo(2);
        assertThat(t.reader().get("/api/projects/existing").json().get("name").asString()).isEqualTo("Renamed");
        assertThat(t.reader().get("/api/projects/existing/meta/stage").json().get("value").asInt()).isEqualTo(1);
    }

    @Test
    void importedProjectsAreLoggedVersionedAndAnnouncedAsIfCreatedOneByOne() {
        var t = newTenant();
        OutboxPosition before = outbox.head();
        assertThat(importFile(t.writer(), "atomic", THREE_ROWS, CSV).status()).isEqualTo(200);

        assertThat(operations(t, "create_project")).isEqualTo(3);
        assertThat(operations(t, "put_meta")).isEqualTo(4);
        assertThat(operations(t, "update_project")).isEqualTo(1); // orders: created, then locked
        JsonNode put = t.admin().get("/api/operations?operation=put_meta&project_id=ledger").json().get("items").get(0);
        assertThat(put.get("details").get("source").asString()).isEqualTo("import");
        assertThat(put.get("actor").asString()).contains("writer-key");
        JsonNode versions = t.reader().get("/api/projects/ledger/meta/category/versions").json().get("items");
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("value").asString()).isEqualTo("finance");

        Map<String, List<String>> eventsByProject = new HashMap<>();
        for (OutboxEvent e : outbox.readAfter(before, 10_000)) {
            if (!e.tenantId().equals(t.id())) continue;
            String project = e.event() instanceof MetaChanged m ? m.projectId() : e.aggregateId();
            eventsByProject.computeIfAbsent(project, k -> new ArrayList<>()).add(e.eventType());
        }
        assertThat(eventsByProject.get("ledger")).containsExactly("project.created", "meta.updated", "meta.updated");
        assertThat(eventsByProject.get("orders")).containsExactly("project.created", "meta.updated", "project.updated");
        assertThat(eventsByProject.get("multi")).containsExactly("project.created", "meta.updated");
    }

    @Test
    void aLargeImportKeepsRowOrderAcrossChunks() {
        var t = newTenant();
        StringBuilder body = new StringBuilder();
        for (int i = 1; i <= 1200; i++) {
            String id = i == 700 ? "bad id!" : i == 900 ? "p-10" : "p-" + i;
            body.append("{\"id\":\"").append(id).append("\",\"name\":\"Project ").append(i)
                    .append("\",\"meta\":{\"n\":").append(i).append("}}\n");
        }
        JsonNode report = importFile(t.writer(), "best_effort", body.toString(), JSONL).json();
        assertThat(report.get("created").asLong()).as(report.toString()).isEqualTo(1198);
        assertThat(report.get("updated").asLong()).isEqualTo(1);
        assertThat(report.get("failed").asLong()).isEqualTo(1);
        assertThat(report.get("errors").get(0).get("row").asLong()).isEqualTo(700);
        assertThat(t.reader().get("/api/projects/p-10").json().get("name").asString()).isEqualTo("Project 900");
        assertThat(t.reader().get("/api/projects/p-10/meta/n").json().get("value").asInt()).isEqualTo(900);
        assertThat(t.reader().get("/api/projects/p-1200/meta/n").json().get("value").asInt()).isEqualTo(1200);
    }

    @Test
    void aRowTheDatabaseRefusesIsNamedAndOnlyItIsLeftOut() {
        // A rule the service does not know of (as an operator's constraint would be): the batch the
        // row is written in fails, and its rows go again one by one so that only this one is left out.
        String unique = java.util.UUID.randomUUID().toString().replace("-", "");
        String refused = "Refused " + unique;
        // its own name: the external PostgreSQL may be shared by several test runs at once
        String constraint = "import_test_refusal_" + unique;
        jdbc.sql("ALTER TABLE projects ADD CONSTRAINT " + constraint + " CHECK (name <> '" + refused + "') NOT VALID").update();
        try {
            var t = newTenant();
            String body = "{\"id\":\"before\",\"name\":\"Before\",\"meta\":{\"k\":1}}\n"
                    + "{\"id\":\"refused\",\"name\":\"" + refused + "\"}\n"
                    + "{\"id\":\"after\",\"name\":\"After\"}\n";
            JsonNode report = importFile(t.writer(), "best_effort", body, JSONL).json();
            assertThat(report.get("created").asLong()).as(report.toString()).isEqualTo(2);
            assertThat(report.get("errors").get(0).get("row").asLong()).isEqualTo(2);
            assertThat(report.get("errors").get(0).get("message").asString()).contains("database refused");
            assertThat(t.reader().get("/api/projects/before/meta/k").status()).isEqualTo(200);
            assertThat(t.reader().get("/api/projects/after").status()).isEqualTo(200);
            assertThat(t.reader().get("/api/projects/refused").status()).isEqualTo(404);

            var other = newTenant();
            Api.Response atomic = importFile(other.writer(), "atomic", body, JSONL);
            assertThat(atomic.status()).isEqualTo(400);
            assertThat(atomic.json().get("errors").get(0).get("field").asString()).isEqualTo("row 2");
            assertThat(other.reader().get("/api/projects/before").status()).isEqualTo(404);
        } finally {
            jdbc.sql("ALTER TABLE projects DROP CONSTRAINT " + constraint).update();
        }
    }

    private static int operations(TenantKeys t, String operation) {
        return t.admin().get("/api/operations?limit=100&status=success&operation=" + operation).json().get("items").size();
    }

    private static void aProjectNamed(Api writer, String id, String name) {
        assertThat(writer.post("/api/projects", "{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}").status()).isEqualTo(201);
    }

    @Test
    void bestEffortKeepsGoodRowsAndListsBadOnes() {
        var t = newTenant();
        String body = """
                {"id":"good-1","name":"Good one","meta":{"n":1}}
                {"id":"bad id!","name":"Bad id"}
                not json
                {"id":"good-2","name":"Good two","status":"archived"}
                {"id":"good-3","name":"Good three","colour":"red"}
                {"id":"good-4","name":"Good four"}
                """;
        Api.Response r = importFile(t.writer(), "best_effort", body, JSONL);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode report = r.json();
        assertThat(report.get("created").asLong()).isEqualTo(2);
        assertThat(report.get("failed").asLong()).isEqualTo(4);
        List<Long> badRows = new ArrayList<>();
        report.get("errors").forEach(e -> badRows.add(e.get("row").asLong()));
        assertThat(badRows).containsExactly(2L, 3L, 4L, 5L);
        assertThat(report.get("errors").get(0).get("message").asString()).contains("id");
        assertThat(report.get("errors").get(2).get("message").asString()).contains("status");
        assertThat(report.get("errors").get(3).get("message").asString()).contains("colour");
        assertThat(t.reader().get("/api/projects/good-1").status()).isEqualTo(200);
        assertThat(t.reader().get("/api/projects/good-4").status()).isEqualTo(200);
        assertThat(t.reader().get("/api/projects/good-2").status()).isEqualTo(404);
    }

    @Test
    void atomicImportWithABadRowImportsNothing() {
        var t = newTenant();
        String body = "id,name,meta.size\nfirst,First,1\nsecond,Second,not-json\nthird,,2\n";
        Api.Response r = importFile(t.writer(), "atomic", body, CSV);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(errors.size()).isEqualTo(2);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("row 2");
        assertThat(errors.get(0).get("message").asString()).contains("meta.size");
        assertThat(errors.get(1).get("field").asString()).isEqualTo("row 3");
        assertThat(errors.get(1).get("message").asString()).contains("name");
        assertThat(t.reader().get("/api/projects/first").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects").json().get("items").size()).isZero();
    }

    @Test
    void anImportIsAuditedAndNeedsAWriter() {
        var t = newTenant();
        assertThat(importFile(t.reader(), "atomic", "name\nX\n", CSV).status()).isEqualTo(403);
        assertThat(importFile(t.writer(), "best_effort", "name\nX\nY\n", CSV).status()).isEqualTo(200);
        JsonNode entries = t.admin().get("/api/operations?operation=import_projects").json().get("items");
        assertThat(entries.size()).isEqualTo(2);
        JsonNode success = entries.get(0);
        assertThat(success.get("status").asString()).isEqualTo("success");
        assertThat(success.get("details").get("created").asLong()).isEqualTo(2);
        assertThat(success.get("details").get("mode").asString()).isEqualTo("best_effort");
        assertThat(entries.get(1).get("status").asString()).isEqualTo("denied");
    }

    @Test
    void anotherTenantIsNeitherSeenNorTouched() {
        var a = newTenant();
        var b = newTenant();
        assertThat(importFile(a.writer(), "atomic", "id,name\nshared,A's\n", CSV).status()).isEqualTo(200);
        JsonNode report = importFile(b.writer(), "atomic", "id,name\nshared,B's\n", CSV).json();
        assertThat(report.get("created").asLong()).isEqualTo(1);
        assertThat(a.reader().get("/api/projects/shared").json().get("name").asString()).isEqualTo("A's");
        String exportOfA = a.reader().get("/api/projects/export?format=csv").body();
        assertThat(exportOfA).contains("A's").doesNotContain("B's");
    }

    @Test
    void exportFollowsTheListFiltersAndReimportsAsItIs() {
        var t = newTenant();
        assertThat(importFile(t.writer(), "atomic", THREE_ROWS, CSV).status()).isEqualTo(200);
        Api.Response csv = t.reader().get("/api/projects/export?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("id,name,description,status,meta.category,meta.tags\r\n");
        assertThat(csv.body()).contains("ledger,Ledger,\"Books, with a comma\",active,\"\"\"finance\"\"\"");

        Api.Response locked = t.reader().get("/api/projects/export?format=jsonl&status=locked");
        assertThat(locked.contentType()).startsWith("application/x-ndjson");
        String[] lines = locked.body().strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode orders = Api.JSON.readTree(lines[0]);
        assertThat(orders.get("id").asString()).isEqualTo("orders");
        assertThat(orders.get("meta").get("category").asString()).isEqualTo("sales");

        String byMeta = t.reader().get("/api/projects/export?format=jsonl&meta=%7B%22category%22%3A%22finance%22%7D").body();
        assertThat(byMeta.strip().split("\n")).hasSize(1);
        assertThat(byMeta).contains("\"ledger\"");

        JsonNode again = importFile(t.writer(), "atomic", csv.body(), CSV).json();
        assertThat(again.get("unchanged").asLong()).as(again.toString()).isEqualTo(3);
        String jsonl = t.reader().get("/api/projects/export?format=jsonl").body();
        assertThat(importFile(t.writer(), "atomic", jsonl, JSONL).json().get("unchanged").asLong()).isEqualTo(3);
    }

    @Test
    void refusesUnknownColumnsFormatsAndModes() {
        var t = newTenant();
        Api.Response column = importFile(t.writer(), "atomic", "name,colour\nX,red\n", CSV);
        assertThat(column.status()).isEqualTo(400);
        assertThat(column.json().get("errors").get(0).get("field").asString()).isEqualTo("colour");
        assertThat(importFile(t.writer(), "sometimes", "name\nX\n", CSV).status()).isEqualTo(400);
        assertThat(importFile(t.writer(), "atomic", "<xml/>", "application/xml").status()).isEqualTo(415);
        assertThat(t.reader().get("/api/projects/export?format=xlsx").status()).isEqualTo(400);
    }

    @Test
    void theCliImportsAndExports() throws Exception {
        var t = newTenant();
        Path file = tmp.resolve("projects.csv");
        Files.writeString(file, THREE_ROWS);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = AlmanacCli.commandLine(context);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("projects", "import", file.toString(), "--tenant", t.id())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("3 rows: 3 created");
        assertThat(t.reader().get("/api/projects/ledger/meta/category").json().get("value").asString()).isEqualTo("finance");

        Path exported = tmp.resolve("out.jsonl");
        assertThat(cli.execute("projects", "export", "--format", "jsonl", "--output", exported.toString(), "--tenant", t.id()))
                .isZero();
        assertThat(Files.readAllLines(exported)).hasSize(3);
        assertThat(cli.execute("projects", "import", exported.toString(), "--tenant", t.id())).isZero();
        assertThat(out.toString()).contains("3 rows: 0 created, 0 updated, 3 unchanged, 0 failed");
    }
}
