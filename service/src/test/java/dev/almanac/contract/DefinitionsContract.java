package dev.almanac.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.definition.DefinitionRegistry;
import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxEvent;
import dev.almanac.outbox.OutboxPosition;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** Definitions (/api/v1/metadata), as API.md promises them. Run on every backend. */
abstract class DefinitionsContract extends ApiTestBase {
    private static final String BASE = "/api/v1/metadata/";

    @Autowired
    DefinitionRegistry registry;

    @Autowired
    Outbox outbox;

    @Value("${almanac.data.dir}")
    Path dataDir;

    @Test
    void createsReadsAndUpdatesADefinition() {
        var t = newTenant();
        Api.Response created = t.writer().put(BASE + "view/orders", "{\"data\":{\"columns\":[\"id\"]},\"tags\":[\"sales\",\"core\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        Api.Response read = t.reader().get(BASE + "view/orders");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        JsonNode d = read.json();
        assertThat(d.get("type").asString()).isEqualTo("view");
        assertThat(d.get("name").asString()).isEqualTo("orders");
        assertThat(d.get("data")).isEqualTo(json("{\"columns\":[\"id\"]}"));
        assertThat(d.get("version").asLong()).isEqualTo(1);
        assertThat(d.get("checksum").asString()).isEqualTo(md5("{\"columns\":[\"id\"]}"));
        assertThat(d.get("source").asString()).isEqualTo("api");
        assertThat(d.get("loaded_from").asString()).isEqualTo("database");
        assertThat(d.get("is_active").asBoolean()).isTrue();
        assertThat(d.get("owner").asString()).contains("writer-key");
        assertThat(strings(d.get("tags"))).containsExactly("core", "sales");
        assertThat(d.get("created_at").asString()).endsWith("Z");
        assertThat(d.get("updated_at").asString()).endsWith("Z");

        Api.Response updated = t.writer().put(BASE + "view/orders", "{\"data\":{\"columns\":[\"id\",\"total\"]}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(strings(updated.json().get("tags"))).isEmpty();
        assertThat(t.reader().get(BASE + "view/orders").json().get("data").get("columns")).hasSize(2);
    }

    @Test
    void identicalDataMakesNoNewVersionWhateverTheKeyOrder() {
        var t = newTenant();
        assertThat(t.writer().put(BASE + "view/same", "{\"data\":{\"b\":1,\"a\":{\"y\":[1,2],\"x\":null}}}").status()).isEqualTo(201);
        Api.Response again = t.writer().put(BASE + "view/same", "{\"data\":{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":1.0}}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(1);
        assertThat(again.json().get("checksum").asString()).isEqualTo(md5("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":1}"));
        assertThat(versions(t.reader(), "view/same")).containsExactly(1L);
        assertThat(operations(t.reader(), "put_definition")).isEqualTo(1);
    }

    @Test
    void readsAnyVersionAndTheVersionCurrentAtATime() {
        var t = newTenant();
        String v1At = t.writer().put(BASE + "flow/f", "{\"data\":{\"step\":1}}").json().get("updated_at").asString();
        String v2At = t.writer().put(BASE + "flow/f", "{\"data\":{\"step\":2}}").json().get("updated_at").asString();
        t.writer().put(BASE + "flow/f", "{\"data\":{\"step\":3}}");

        Api.Response v1 = t.reader().get(BASE + "flow/f?version=1");
        assertThat(v1.status()).isEqualTo(200);
        assertThat(v1.json().get("data").get("step").asInt()).isEqualTo(1);
        assertThat(v1.json().get("version").asLong()).isEqualTo(1);
        assertThat(t.reader().get(BASE + "flow/f?version=9").status()).isEqualTo(404);

        assertThat(t.reader().get(BASE + "flow/f?as_of=" + v1At).json().get("version").asLong()).isEqualTo(1);
        assertThat(t.reader().get(BASE + "flow/f?as_of=" + v2At).json().get("data").get("step").asInt()).isEqualTo(2);
        assertThat(t.reader().get(BASE + "flow/f?as_of=2000-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(t.reader().get(BASE + "flow/f?as_of=yesterday").status()).isEqualTo(400);
        assertThat(t.reader().get(BASE + "flow/f").json().get("version").asLong()).isEqualTo(3);
        assertThat(versions(t.reader(), "flow/f")).containsExactly(3L, 2L, 1L);
    }

    @Test
    void versionsArePaginatedNewestFirst() {
        var t = newTenant();
        for (int i = 1; i <= 5; i++) t.writer().put(BASE + "flow/p", "{\"data\":{\"i\":" + i + "}}");
        Api.Response first = t.reader().get(BASE + "flow/p/versions?limit=2");
        assertThat(first.json().get("items").get(0).get("version").asLong()).isEqualTo(5);
        assertThat(first.json().get("items").get(0).get("change").asString()).isEqualTo("put");
        assertThat(first.json().get("items").get(0).get("changed_by").asString()).contains("writer-key");
        String cursor = first.json().get("next_cursor").asString();
        Api.Response second = t.reader().get(BASE + "flow/p/versions?limit=2&cursor=" + cursor);
        assertThat(second.json().get("items").get(0).get("version").asLong()).isEqualTo(3);
    }

    @Test
    void diffIsAJsonPatchBetweenTwoVersions() {
        var t = newTenant();
        t.writer().put(BASE + "view/d", "{\"data\":{\"a\":1,\"list\":[1,2,3],\"a/b\":\"x\",\"t~\":{\"k\":1}}}");
        t.writer().put(BASE + "view/d", "{\"data\":{\"a\":1,\"list\":[1,2,3],\"a/b\":\"y\",\"t~\":{\"k\":1}}}");
        t.writer().put(BASE + "view/d", "{\"data\":{\"a\":2,\"list\":[1,5],\"a/b\":\"y\",\"new\":true}}");
        Api.Response diff = t.reader().get(BASE + "view/d/diff?from=1&to=3");
        assertThat(diff.status()).as(diff.toString()).isEqualTo(200);
        assertThat(diff.contentType()).startsWith("application/json-patch+json");
        assertThat(diff.json()).isEqualTo(json("""
                [{"op":"replace","path":"/a","value":2},
                 {"op":"replace","path":"/a~1b","value":"y"},
                 {"op":"replace","path":"/list/1","value":5},
                 {"op":"remove","path":"/list/2"},
                 {"op":"add","path":"/new","value":true},
                 {"op":"remove","path":"/t~0"}]"""));
        assertThat(t.reader().get(BASE + "view/d/diff?from=3&to=3").json()).isEmpty();
        assertThat(t.reader().get(BASE + "view/d/diff?from=2").json()).hasSize(5);
        assertThat(t.reader().get(BASE + "view/d/diff?from=1&to=7").status()).isEqualTo(404);
        assertThat(t.reader().get(BASE + "view/d/diff?to=2").status()).isEqualTo(400);
    }

    @Test
    void rollbackCreatesANewVersionWithTheOldData() {
        var t = newTenant();
        t.writer().put(BASE + "view/r", "{\"data\":{\"v\":\"first\"},\"tags\":[\"one\"]}");
        t.writer().put(BASE + "view/r", "{\"data\":{\"v\":\"second\"}}");
        Api.Response rolled = t.writer().post(BASE + "view/r/rollback", "{\"version\":1}");
        assertThat(rolled.status()).as(rolled.toString()).isEqualTo(200);
        assertThat(rolled.header("ETag")).isEqualTo("\"3\"");
        assertThat(rolled.json().get("data").get("v").asString()).isEqualTo("first");
        assertThat(strings(rolled.json().get("tags"))).containsExactly("one");
        JsonNode newest = t.reader().get(BASE + "view/r/versions").json().get("items").get(0);
        assertThat(newest.get("version").asLong()).isEqualTo(3);
        assertThat(newest.get("change").asString()).isEqualTo("rollback");
        assertThat(t.writer().post(BASE + "view/r/rollback", "{\"version\":42}").status()).isEqualTo(404);
        assertThat(t.writer().header("If-Match", "\"2\"").post(BASE + "view/r/rollback", "{\"version\":2}").status()).isEqualTo(412);
        assertThat(t.reader().post(BASE + "view/r/rollback", "{\"version\":2}").status()).isEqualTo(403);
        assertThat(operations(t.reader(), "rollback_definition")).isEqualTo(1);
    }

    @Test
    void deleteMakesItInactiveAndKeepsHistory() {
        var t = newTenant();
        t.writer().put(BASE + "view/gone", "{\"data\":{\"x\":1}}");
        assertThat(t.writer().header("If-Match", "\"7\"").delete(BASE + "view/gone").status()).isEqualTo(412);
        assertThat(t.writer().delete(BASE + "view/gone").status()).isEqualTo(204);
        Api.Response read = t.reader().get(BASE + "view/gone");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("is_active").asBoolean()).isFalse();
        assertThat(read.json().get("version").asLong()).isEqualTo(2);
        assertThat(t.writer().delete(BASE + "view/gone").status()).isEqualTo(204);
        assertThat(versions(t.reader(), "view/gone")).containsExactly(2L, 1L);
        assertThat(names(t.reader().get(BASE + "view"))).isEmpty();
        assertThat(names(t.reader().get(BASE + "view?include_inactive=true"))).containsExactly("gone");
        assertThat(t.reader().get(BASE + "view/gone?version=1").json().get("is_active").asBoolean()).isTrue();

        Api.Response revived = t.writer().put(BASE + "view/gone", "{\"data\":{\"x\":1}}");
        assertThat(revived.json().get("is_active").asBoolean()).isTrue();
        assertThat(revived.json().get("version").asLong()).isEqualTo(3);
        assertThat(t.writer().delete(BASE + "view/never").status()).isEqualTo(404);
    }

    @Test
    void concurrentWritersWithTheSameIfMatchLoseNoUpdate() throws Exception {
        var t = newTenant();
        t.writer().put(BASE + "view/hot", "{\"data\":{\"writer\":-1}}");
        int writers = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            calls.add(() -> {
                start.await();
                return t.writer().header("If-Match", "\"1\"").put(BASE + "view/hot", "{\"data\":{\"writer\":" + n + "}}").status();
            });
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<Integer>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Integer> f : futures) statuses.add(f.get());
        }
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 412).hasSize(writers - 1);
        JsonNode current = t.reader().get(BASE + "view/hot").json();
        assertThat(current.get("version").asLong()).isEqualTo(2);
        assertThat(current.get("data").get("writer").asInt()).isBetween(0, writers - 1);
        assertThat(versions(t.reader(), "view/hot")).containsExactly(2L, 1L);
    }

    @Test
    void ifNoneMatchCreatesOnlyOnce() {
        var t = newTenant();
        assertThat(t.writer().header("If-Match", "\"1\"").put(BASE + "view/once", "{\"data\":1}").status()).isEqualTo(412);
        assertThat(t.writer().header("If-None-Match", "*").put(BASE + "view/once", "{\"data\":1}").status()).isEqualTo(201);
        assertThat(t.writer().header("If-None-Match", "*").put(BASE + "view/once", "{\"data\":2}").status()).isEqualTo(412);
    }

    @Test
    void rolesAreEnforced() {
        var t = newTenant();
        assertThat(anonymous.get(BASE + "view/x").status()).isEqualTo(401);
        assertThat(t.reader().put(BASE + "view/x", "{\"data\":1}").status()).isEqualTo(403);
        assertThat(t.writer().put(BASE + "view/x", "{\"data\":1}").status()).isEqualTo(201);
        assertThat(t.reader().delete(BASE + "view/x").status()).isEqualTo(403);
        assertThat(t.reader().get(BASE + "view/x").status()).isEqualTo(200);
        assertThat(t.admin().delete(BASE + "view/x").status()).isEqualTo(204);
    }

    @Test
    void rejectsUnsafeTypesNamesAndBodies() {
        var t = newTenant();
        for (String path : List.of("View/x", "view/-x", "view/a%20b", "1view/x", "view/" + "n".repeat(129),
                "v" + "t".repeat(64) + "/x", "view/.hidden")) {
            Api.Response r = t.writer().put(BASE + path, "{\"data\":1}");
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        Api.Response noData = t.writer().put(BASE + "view/x", "{\"tags\":[\"a\"]}");
        assertThat(noData.status()).isEqualTo(400);
        assertThat(noData.json().get("errors").get(0).get("field").asString()).isEqualTo("data");
        assertThat(t.writer().put(BASE + "view/x", "{\"data\":1,\"extra\":2}").status()).isEqualTo(400);
        assertThat(t.writer().put(BASE + "view/x", "{\"data\":1,\"tags\":[\"bad\\ntag\"]}").status()).isEqualTo(400);
        assertThat(t.reader().get(BASE + "view/x").status()).isEqualTo(404);
    }

    @Test
    void otherTenantSeesNotFoundOnEveryEndpoint() {
        var a = newTenant();
        var b = newTenant();
        a.writer().put(BASE + "view/secret", "{\"data\":{\"v\":1}}");
        a.writer().put(BASE + "view/secret", "{\"data\":{\"v\":2}}");
        assertThat(b.reader().get(BASE + "view/secret").status()).isEqualTo(404);
        assertThat(b.reader().get(BASE + "view/secret?version=1").status()).isEqualTo(404);
        assertThat(b.reader().get(BASE + "view/secret?as_of=2100-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(b.reader().get(BASE + "view/secret/versions").status()).isEqualTo(404);
        assertThat(b.reader().get(BASE + "view/secret/diff?from=1&to=2").status()).isEqualTo(404);
        assertThat(names(b.reader().get(BASE + "view"))).isEmpty();
        assertThat(b.writer().delete(BASE + "view/secret").status()).isEqualTo(404);
        assertThat(b.writer().post(BASE + "view/secret/rollback", "{\"version\":1}").status()).isEqualTo(404);
        assertThat(b.writer().header("If-Match", "\"2\"").put(BASE + "view/secret", "{\"data\":0}").status()).isEqualTo(412);

        // b's own definition of the same name is b's alone
        assertThat(b.writer().put(BASE + "view/secret", "{\"data\":{\"mine\":true}}").status()).isEqualTo(201);
        assertThat(a.reader().get(BASE + "view/secret").json().get("data").get("v").asInt()).isEqualTo(2);
        assertThat(a.reader().get(BASE + "view/secret").json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void schemaOfATypeValidatesItsDefinitionsWithThePathOfEachError() {
        var t = newTenant();
        Api.Response schema = t.writer().put(BASE + "schema/view", """
                {"data":{"type":"object","required":["columns"],
                  "properties":{"columns":{"type":"array","items":{"type":"object","required":["name"],
                    "properties":{"name":{"type":"string"},"width":{"type":"integer"}}}}}}}""");
        assertThat(schema.status()).as(schema.toString()).isEqualTo(201);

        Api.Response invalid = t.writer().put(BASE + "view/v", """
                {"data":{"columns":[{"name":"id","width":3},{"width":"wide"}]}}""");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        invalid.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("/data/columns/1", "/data/columns/1/width");
        invalid.json().get("errors").forEach(e -> assertThat(e.get("message").asString()).isNotBlank());

        Api.Response missing = t.writer().put(BASE + "view/v", "{\"data\":{\"rows\":[]}}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").get(0).get("field").asString()).isEqualTo("/data");
        assertThat(missing.json().get("errors").get(0).get("message").asString()).contains("columns");

        assertThat(t.writer().put(BASE + "view/v", "{\"data\":{\"columns\":[{\"name\":\"id\"}]}}").status()).isEqualTo(201);
        assertThat(t.writer().put(BASE + "flow/anything", "{\"data\":{\"columns\":7}}").status()).isEqualTo(201);
        // Another tenant has no schema for views.
        assertThat(newTenant().writer().put(BASE + "view/v", "{\"data\":{\"rows\":[]}}").status()).isEqualTo(201);
    }

    @Test
    void aSchemaDefinitionMustBeAValidSchema() {
        var t = newTenant();
        Api.Response bad = t.writer().put(BASE + "schema/thing", "{\"data\":{\"type\":12}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).startsWith("/data");
        assertThat(t.writer().put(BASE + "schema/thing", "{\"data\":\"not a schema\"}").status()).isEqualTo(400);
        assertThat(t.writer().put(BASE + "schema/thing", "{\"data\":{\"type\":\"string\"}}").status()).isEqualTo(201);
        assertThat(t.writer().put(BASE + "thing/a", "{\"data\":5}").status()).isEqualTo(400);
        assertThat(t.writer().put(BASE + "thing/a", "{\"data\":\"five\"}").status()).isEqualTo(201);
    }

    @Test
    void fallsBackToTheRegistryThenToFilesAndStoredDefinitionsWin() throws Exception {
        var t = newTenant();
        String type = "widget";
        String registered = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        String filed = "file-" + UUID.randomUUID().toString().substring(0, 8);
        registry.register(type, registered, json("{\"from\":\"registry\"}"));
        Path dir = dataDir.resolve("definitions").resolve(type);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(filed + ".yaml"), "from: filesystem\nsize: 3\n");

        Api.Response fromRegistry = t.reader().get(BASE + type + "/" + registered);
        assertThat(fromRegistry.status()).isEqualTo(200);
        assertThat(fromRegistry.json().get("loaded_from").asString()).isEqualTo("registry");
        assertThat(fromRegistry.json().get("source").asString()).isEqualTo("registry");
        assertThat(fromRegistry.json().get("version").asLong()).isZero();
        assertThat(fromRegistry.header("ETag")).isNull();

        Api.Response fromFile = t.reader().get(BASE + type + "/" + filed);
        assertThat(fromFile.json().get("loaded_from").asString()).isEqualTo("filesystem");
        assertThat(fromFile.json().get("data")).isEqualTo(json("{\"from\":\"filesystem\",\"size\":3}"));

        assertThat(t.writer().put(BASE + type + "/" + filed, "{\"data\":{\"from\":\"database\"}}").status()).isEqualTo(201);
        assertThat(t.reader().get(BASE + type + "/" + filed).json().get("loaded_from").asString()).isEqualTo("database");
        assertThat(names(t.reader().get(BASE + type))).contains(registered, filed);
        // Another tenant still sees the file.
        assertThat(newTenant().reader().get(BASE + type + "/" + filed).json().get("loaded_from").asString()).isEqualTo("filesystem");

        // Deleting the stored override brings the file back, as the seed's fallback chain does.
        assertThat(t.writer().delete(BASE + type + "/" + filed).status()).isEqualTo(204);
        assertThat(t.reader().get(BASE + type + "/" + filed).json().get("loaded_from").asString()).isEqualTo("filesystem");
        registry.unregister(type, registered);
        assertThat(t.reader().get(BASE + type + "/" + registered).status()).isEqualTo(404);
    }

    @Test
    void listsOneTypeWithCursorPagination() {
        var t = newTenant();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = "item-" + i;
            expected.add(name);
            t.writer().put(BASE + "report/" + name, "{\"data\":{\"i\":" + i + "}}");
        }
        t.writer().put(BASE + "other/x", "{\"data\":{}}");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = t.reader().get(BASE + "report?limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            seen.addAll(names(page));
            JsonNode next = page.json().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(t.reader().get(BASE + "report?limit=0").status()).isEqualTo(400);
    }

    @Test
    void everyChangeIsAuditedAndAnnouncedInTheOutbox() {
        var t = newTenant();
        OutboxPosition before = outbox.head();
        t.writer().put(BASE + "view/audited", "{\"data\":{\"a\":1}}");
        t.writer().put(BASE + "view/audited", "{\"data\":{\"a\":2}}");
        t.writer().delete(BASE + "view/audited");
        JsonNode ops = t.reader().get("/api/operations?operation=put_definition").json().get("items");
        assertThat(ops).hasSize(2);
        assertThat(ops.get(0).get("resource_id").asString()).isEqualTo("view/audited");
        assertThat(ops.get(0).get("actor").asString()).contains("writer-key");
        assertThat(operations(t.reader(), "delete_definition")).isEqualTo(1);

        // head() stays below any transaction still running when it was read, so the tenant's own
        // creation events may come too: only the definition events are this test's. A read returns
        // only what no running transaction may still precede, so it is repeated until they are there
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> events = new ArrayList<>();
            for (OutboxEvent e : outbox.readAfter(before, 10_000)) {
                if (e.tenantId().equals(t.id()) && e.eventType().startsWith("definition.")) {
                    events.add(e.eventType() + " " + e.aggregateId());
                }
            }
            assertThat(events).containsExactly("definition.created view/audited", "definition.updated view/audited",
                    "definition.deleted view/audited");
        });
    }

    private static List<Long> versions(Api api, String path) {
        Api.Response r = api.get(BASE + path + "/versions");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Long> versions = new ArrayList<>();
        r.json().get("items").forEach(v -> versions.add(v.get("version").asLong()));
        return versions;
    }

    private static int operations(Api api, String operation) {
        return api.get("/api/operations?status=success&operation=" + operation).json().get("items").size();
    }

    static List<String> names(Api.Response list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        list.json().get("items").forEach(d -> names.add(d.get("name").asString()));
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    static JsonNode json(String text) {
        return Api.JSON.readTree(text);
    }

    /** Computed here, independently of the production code: MD5 of the canonical text given. */
    static String md5(String canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
