package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The projects registry and project metadata, as API.md promises them. Run on every backend. */
abstract class ProjectsContract extends ApiTestBase {

    @Test
    void createsAndReadsAProject() {
        var t = newTenant();
        Api.Response created = t.writer().post("/api/projects",
                "{\"id\":\"ledger\",\"name\":\"Ledger\",\"description\":\"Books\",\"settings\":{\"region\":\"eu\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/projects/ledger");
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        JsonNode p = created.json();
        assertThat(p.get("id").asString()).isEqualTo("ledger");
        assertThat(p.get("status").asString()).isEqualTo("active");
        assertThat(p.get("settings").get("region").asString()).isEqualTo("eu");
        for (String counter : List.of("size_bytes", "file_count", "table_count", "bucket_count")) {
            assertThat(p.get(counter).asLong()).as(counter).isZero();
        }
        assertThat(p.get("created_at").asString()).endsWith("Z");

        Api.Response read = t.reader().get("/api/projects/ledger");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("description").asString()).isEqualTo("Books");
    }

    @Test
    void generatesAnIdWhenNoneIsGiven() {
        var t = newTenant();
        Api.Response created = t.writer().post("/api/projects", "{\"name\":\"No id\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(id).isNotBlank();
        assertThat(t.reader().get("/api/projects/" + id).status()).isEqualTo(200);
    }

    @Test
    void duplicateIdConflicts() {
        var t = newTenant();
        aProject().withId("dup").createdBy(t.writer());
        Api.Response again = t.writer().post("/api/projects", "{\"id\":\"dup\",\"name\":\"Again\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
    }

    @Test
    void sameIdInTwoTenantsIsTwoProjects() {
        var a = newTenant();
        var b = newTenant();
        aProject().withId("shared").named("A's").createdBy(a.writer());
        aProject().withId("shared").named("B's").createdBy(b.writer());
        assertThat(a.reader().get("/api/projects/shared").json().get("name").asString()).isEqualTo("A's");
        assertThat(b.reader().get("/api/projects/shared").json().get("name").asString()).isEqualTo("B's");
    }

    @Test
    void listsWithCursorPaginationAndStatusFilter() {
        var t = newTenant();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 7; i++) ids.add(aProject().createdBy(t.writer()));
        String locked = aProject().createdBy(t.writer());
        t.writer().patch("/api/projects/" + locked, "{\"status\":\"locked\"}");
        String deleted = aProject().createdBy(t.writer());
        assertThat(t.writer().delete("/api/projects/" + deleted).status()).isEqualTo(204);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response page = t.reader().get("/api/projects?status=active&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(p -> seen.add(p.get("id").asString()));
            JsonNode next = page.json().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen).isSorted();

        assertThat(ids(t.reader().get("/api/projects?status=locked"))).containsExactly(locked);
        assertThat(ids(t.reader().get("/api/projects?status=deleted"))).containsExactly(deleted);
        assertThat(ids(t.reader().get("/api/projects"))).contains(locked).doesNotContain(deleted).hasSize(8);
    }

    @Test
    void textQueryMatchesNameOrDescription() {
        var t = newTenant();
        String quarterly = aProject().named("Quarterly revenue").createdBy(t.writer());
        String described = aProject().named("Misc").describedAs("holds REVENUE forecasts").createdBy(t.writer());
        aProject().named("Unrelated").createdBy(t.writer());
        assertThat(ids(t.reader().get("/api/projects?q=revenue"))).containsExactlyInAnyOrder(quarterly, described);
        assertThat(ids(t.reader().get("/api/projects?q=" + enc("100%")))).isEmpty();
    }

    @Test
    void mergePatchUpdatesFieldsAndSettings() {
        var t = newTenant();
        t.writer().post("/api/projects", "{\"id\":\"m\",\"name\":\"M\",\"description\":\"d\",\"settings\":{\"a\":1,\"b\":{\"c\":2,\"d\":3}}}");
        Api.Response patched = t.writer().patch("/api/projects/m",
                "{\"name\":\"M2\",\"description\":null,\"settings\":{\"a\":null,\"b\":{\"c\":20},\"e\":true}}");
        assertThat(patched.status()).isEqualTo(200);
        JsonNode p = patched.json();
        assertThat(p.get("name").asString()).isEqualTo("M2");
        assertThat(p.get("description").isNull()).isTrue();
        assertThat(p.get("settings")).isEqualTo(Api.JSON.readTree("{\"b\":{\"c\":20,\"d\":3},\"e\":true}"));
        assertThat(p.get("version").asLong()).isEqualTo(2);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void patchWithStaleIfMatchIsRejected() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        t.writer().patch("/api/projects/" + id, "{\"name\":\"v2\"}");
        Api.Response stale = t.writer().header("If-Match", "\"1\"").patch("/api/projects/" + id, "{\"name\":\"v3\"}");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(t.reader().get("/api/projects/" + id).json().get("name").asString()).isEqualTo("v2");
    }

    @Test
    void lockedProjectRefusesWritesUntilUnlocked() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        assertThat(t.writer().patch("/api/projects/" + id, "{\"status\":\"locked\"}").json().get("status").asString()).isEqualTo("locked");

        assertThat(t.writer().patch("/api/projects/" + id, "{\"name\":\"x\"}").status()).isEqualTo(409);
        assertThat(t.writer().put("/api/projects/" + id + "/meta/k", "1").status()).isEqualTo(409);
        assertThat(t.writer().delete("/api/projects/" + id).status()).isEqualTo(409);
        assertThat(t.reader().get("/api/projects/" + id).json().get("name").asString()).startsWith("Project ");

        assertThat(t.writer().patch("/api/projects/" + id, "{\"status\":\"active\"}").status()).isEqualTo(200);
        assertThat(t.writer().put("/api/projects/" + id + "/meta/k", "1").status()).isEqualTo(201);
    }

    @Test
    void softDeleteKeepsTheProjectVisibleAsDeleted() {
        var t = newTenant();
        String id = aProject().withMeta("category", "\"x\"").createdBy(t.writer());
        assertThat(t.writer().delete("/api/projects/" + id).status()).isEqualTo(204);
        Api.Response read = t.reader().get("/api/projects/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("status").asString()).isEqualTo("deleted");
        assertThat(read.json().get("deleted_at").isNull()).isFalse();
        assertThat(t.writer().put("/api/projects/" + id + "/meta/category", "\"y\"").status()).isEqualTo(409);
        assertThat(t.writer().patch("/api/projects/" + id, "{\"status\":\"active\"}").status()).isEqualTo(409);
        assertThat(t.writer().delete("/api/projects/" + id).status()).isEqualTo(204);
        assertThat(t.writer().post("/api/projects", "{\"id\":\"" + id + "\",\"name\":\"again\"}").status()).isEqualTo(409);
    }

    @Test
    void metadataLifecycle() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        Api.Response created = t.writer().put("/api/projects/" + id + "/meta/category", "\"finance\"");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        Api.Response updated = t.writer().put("/api/projects/" + id + "/meta/category", "{\"name\":\"finance\",\"score\":0.9}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");

        JsonNode entry = t.reader().get("/api/projects/" + id + "/meta/category").json();
        assertThat(entry.get("key").asString()).isEqualTo("category");
        assertThat(entry.get("value").get("score").asDouble()).isEqualTo(0.9);
        assertThat(entry.get("version").asLong()).isEqualTo(2);
        assertThat(entry.get("source").asString()).isEqualTo("user");
        assertThat(entry.get("updated_by").asString()).contains("writer-key");
        assertThat(entry.has("review_status")).isTrue();
        assertThat(entry.has("provenance")).isTrue();

        t.writer().put("/api/projects/" + id + "/meta/tags", "[\"a\",\"b\"]");
        JsonNode list = t.reader().get("/api/projects/" + id + "/meta").json();
        assertThat(list.get("items")).hasSize(2);

        assertThat(t.writer().delete("/api/projects/" + id + "/meta/category").status()).isEqualTo(204);
        assertThat(t.reader().get("/api/projects/" + id + "/meta/category").status()).isEqualTo(404);
        assertThat(t.writer().delete("/api/projects/" + id + "/meta/category").status()).isEqualTo(404);
    }

    @Test
    void metadataIfMatchAndIfNoneMatch() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String path = "/api/projects/" + id + "/meta/owner";
        assertThat(t.writer().header("If-Match", "\"1\"").put(path, "\"a\"").status()).isEqualTo(412);
        assertThat(t.writer().header("If-None-Match", "*").put(path, "\"a\"").status()).isEqualTo(201);
        assertThat(t.writer().header("If-None-Match", "*").put(path, "\"b\"").status()).isEqualTo(412);
        assertThat(t.writer().header("If-Match", "\"1\"").put(path, "\"b\"").status()).isEqualTo(200);
        assertThat(t.writer().header("If-Match", "\"1\"").put(path, "\"c\"").status()).isEqualTo(412);
        assertThat(t.writer().header("If-Match", "\"1\"").delete(path).status()).isEqualTo(412);
        assertThat(t.reader().get(path).json().get("value").asString()).isEqualTo("b");
        assertThat(t.writer().header("If-Match", "\"2\"").delete(path).status()).isEqualTo(204);
    }

    @Test
    void metaFilterIsAContainmentQuery() {
        var t = newTenant();
        String finance = aProject().withMeta("category", "\"finance\"").withMeta("tags", "[\"q3\",\"eu\"]").createdBy(t.writer());
        String finance2 = aProject().withMeta("category", "\"finance\"").withMeta("tags", "[\"q4\"]").createdBy(t.writer());
        aProject().withMeta("category", "\"marketing\"").withMeta("tags", "[\"q3\"]").createdBy(t.writer());
        aProject().createdBy(t.writer());

        assertThat(ids(t.reader().get("/api/projects?meta=" + enc("{\"category\":\"finance\"}"))))
                .containsExactlyInAnyOrder(finance, finance2);
        assertThat(ids(t.reader().get("/api/projects?meta=" + enc("{\"category\":\"finance\",\"tags\":[\"q3\"]}"))))
                .containsExactly(finance);
        assertThat(ids(t.reader().get("/api/projects?meta=" + enc("{\"category\":\"legal\"}")))).isEmpty();
    }

    @Test
    void metadataOfAMissingProjectIsNotFound() {
        var t = newTenant();
        assertThat(t.writer().put("/api/projects/nope/meta/k", "1").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects/nope/meta/k").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects/nope/meta").status()).isEqualTo(404);
    }

    @Test
    void concurrentConditionalPutsLetExactlyOneWin() throws Exception {
        var t = newTenant();
        String id = aProject().withMeta("counter", "0").createdBy(t.writer());
        String path = "/api/projects/" + id + "/meta/counter";
        int writers = 50;
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                int n = i + 1;
                results.add(pool.submit(() -> {
                    start.await();
                    return t.writer().header("If-Match", "\"1\"").put(path, Integer.toString(n)).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var f : results) statuses.add(f.get());
            assertThat(statuses).filteredOn(s -> s / 100 == 2).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 412).hasSize(writers - 1);
        }
        JsonNode entry = t.reader().get(path).json();
        assertThat(entry.get("version").asLong()).isEqualTo(2);
        assertThat(entry.get("value").asInt()).isBetween(1, writers);
    }

    static List<String> ids(Api.Response list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().get("items").forEach(p -> ids.add(p.get("id").asString()));
        return ids;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
