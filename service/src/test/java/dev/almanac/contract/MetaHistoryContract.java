package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.meta.ProjectMetadata;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The history of project metadata: versions, as-of reads and restore, as api.md promises them. */
abstract class MetaHistoryContract extends ApiTestBase {
    @Autowired
    ProjectMetadata metadata;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JsonMapper json;

    @Test
    void versionsListEveryChangeNewestFirst() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String path = "/api/projects/" + id + "/meta/category";
        t.writer().put(path, "\"finance\"");
        t.writer().put(path, "\"legal\"");
        assertThat(t.writer().delete(path).status()).isEqualTo(204);
        t.writer().put(path, "{\"name\":\"ops\"}");

        Api.Response versions = t.reader().get(path + "/versions");
        assertThat(versions.status()).as(versions.toString()).isEqualTo(200);
        JsonNode items = versions.json().get("items");
        assertThat(field(items, "change")).containsExactly("put", "delete", "put", "put");
        assertThat(field(items, "version")).containsExactly("4", "3", "2", "1");
        assertThat(field(items, "entry_version")).containsExactly("1", "2", "2", "1");
        assertThat(items.get(0).get("value").get("name").asString()).isEqualTo("ops");
        assertThat(items.get(1).get("value").isNull()).isTrue();
        assertThat(items.get(3).get("value").asString()).isEqualTo("finance");
        assertThat(items.get(3).get("source").asString()).isEqualTo("user");
        assertThat(items.get(3).get("changed_by").asString()).contains("writer-key");
        assertThat(items.get(3).get("changed_at").asString()).endsWith("Z");

        JsonNode firstPage = t.reader().get(path + "/versions?limit=3").json();
        assertThat(field(firstPage.get("items"), "version")).containsExactly("4", "3", "2");
        JsonNode secondPage = t.reader().get(path + "/versions?limit=3&cursor=" + firstPage.get("next_cursor").asString()).json();
        assertThat(field(secondPage.get("items"), "version")).containsExactly("1");
    }

    @Test
    void versionsOfAnUnknownKeyOrProjectAreNotFound() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        assertThat(t.reader().get("/api/projects/" + id + "/meta/never/versions").status()).isEqualTo(404);
        assertThat(t.reader().get("/api/projects/nope/meta/k/versions").status()).isEqualTo(404);
        var other = newTenant();
        t.writer().put("/api/projects/" + id + "/meta/k", "1");
        assertThat(other.reader().get("/api/projects/" + id + "/meta/k/versions").status()).isEqualTo(404);
    }

    @Test
    void asOfShowsAnEntryAndAProjectAsTheyWereAtThatTime() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String meta = "/api/projects/" + id + "/meta";
        Instant beforeAll = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        t.writer().put(meta + "/category", "\"finance\"");
        t.writer().put(meta + "/owner", "\"ana\"");
        Instant afterFirst = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        t.writer().put(meta + "/category", "\"legal\"");
        t.writer().delete(meta + "/owner");
        t.writer().put(meta + "/tags", "[\"q3\"]");

        Api.Response then = t.reader().get(meta + "/category?as_of=" + afterFirst);
        assertThat(then.status()).as(then.toString()).isEqualTo(200);
        assertThat(then.json().get("value").asString()).isEqualTo("finance");
        assertThat(then.json().get("version").asLong()).isEqualTo(1);
        assertThat(t.reader().get(meta + "/category?as_of=" + clock.instant()).json().get("value").asString()).isEqualTo("legal");
        assertThat(t.reader().get(meta + "/category?as_of=" + beforeAll).status()).isEqualTo(404);
        assertThat(t.reader().get(meta + "/owner?as_of=" + afterFirst).json().get("value").asString()).isEqualTo("ana");
        assertThat(t.reader().get(meta + "/owner?as_of=" + clock.instant()).status()).isEqualTo(404);

        JsonNode projectThen = t.reader().get(meta + "?as_of=" + afterFirst).json().get("items");
        assertThat(field(projectThen, "key")).containsExactly("category", "owner");
        assertThat(projectThen.get(0).get("value").asString()).isEqualTo("finance");
        JsonNode projectNow = t.reader().get(meta + "?as_of=" + clock.instant()).json().get("items");
        assertThat(field(projectNow, "key")).containsExactly("category", "tags");
        assertThat(t.reader().get(meta + "?as_of=" + beforeAll).json().get("items")).isEmpty();

        Api.Response bad = t.reader().get(meta + "/category?as_of=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
    }

    @Test
    void restoreWritesAnOldValueAgainAsAPersons() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String path = "/api/projects/" + id + "/meta/category";
        t.writer().put(path, "\"finance\"");
        t.writer().put(path, "\"legal\"");

        Api.Response restored = t.writer().post(path + "/restore", "{\"version\":1}");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.header("ETag")).isEqualTo("\"3\"");
        assertThat(restored.json().get("value").asString()).isEqualTo("finance");
        assertThat(restored.json().get("source").asString()).isEqualTo("user");
        assertThat(t.reader().get(path).json().get("value").asString()).isEqualTo("finance");
        JsonNode items = t.reader().get(path + "/versions").json().get("items");
        assertThat(field(items, "change")).containsExactly("restore", "put", "put");

        assertThat(t.writer().header("If-Match", "\"1\"").post(path + "/restore", "{\"version\":2}").status()).isEqualTo(412);
        assertThat(t.writer().header("If-Match", "\"3\"").post(path + "/restore", "{\"version\":2}").status()).isEqualTo(200);
        assertThat(t.writer().post(path + "/restore", "{\"version\":99}").status()).isEqualTo(404);
        assertThat(t.writer().post(path + "/restore", "{}").status()).isEqualTo(400);
        assertThat(t.reader().post(path + "/restore", "{\"version\":1}").status()).isEqualTo(403);
        assertThat(t.reader().get(path).json().get("value").asString()).isEqualTo("legal");

        t.writer().delete(path);
        Api.Response ofDeletion = t.writer().post(path + "/restore", "{\"version\":5}");
        assertThat(ofDeletion.status()).as(ofDeletion.toString()).isEqualTo(409);
        Api.Response afterDeletion = t.writer().post(path + "/restore", "{\"version\":1}");
        assertThat(afterDeletion.status()).isEqualTo(200);
        assertThat(afterDeletion.json().get("value").asString()).isEqualTo("finance");
    }

    @Test
    void reviewsOfSuggestionsAreInTheHistory() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        suggest(t.id(), id, "summary", "A ledger", "h1");
        suggest(t.id(), id, "category", "finance", "h1");
        assertThat(t.writer().post("/api/projects/" + id + "/meta/summary/accept", "").status()).isEqualTo(200);
        assertThat(t.writer().post("/api/projects/" + id + "/meta/category/reject", "").status()).isEqualTo(204);

        JsonNode summary = t.reader().get("/api/projects/" + id + "/meta/summary/versions").json().get("items");
        assertThat(field(summary, "change")).containsExactly("accept", "suggest");
        assertThat(field(summary, "review_status")).containsExactly("accepted", "suggested");
        assertThat(summary.get(1).get("source").asString()).isEqualTo("ai");
        assertThat(summary.get(1).get("provenance").get("input_hash").asString()).isEqualTo("h1");
        JsonNode category = t.reader().get("/api/projects/" + id + "/meta/category/versions").json().get("items");
        assertThat(field(category, "change")).containsExactly("reject", "suggest");
    }

    @Test
    void aFailedWriteLeavesNoHistory() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String path = "/api/projects/" + id + "/meta/owner";
        t.writer().put(path, "\"ana\"");
        assertThat(t.writer().header("If-Match", "\"7\"").put(path, "\"bo\"").status()).isEqualTo(412);
        assertThat(t.reader().put(path, "\"bo\"").status()).isEqualTo(403);
        assertThat(t.reader().get(path + "/versions").json().get("items")).hasSize(1);
    }

    private void suggest(String tenant, String projectId, String key, String value, String inputHash) {
        Caller job = new Caller(tenant, "generation-job", Role.SYSTEM, null, System.nanoTime());
        tx.executeWithoutResult(s -> metadata.putSuggestion(job, projectId, key, json.valueToTree(value),
                Map.of("input_hash", inputHash, "provider", "fake", "model", "m1", "confidence", 0.8), false));
    }

    private static List<String> field(JsonNode items, String name) {
        List<String> values = new ArrayList<>();
        items.forEach(i -> values.add(i.get(name).isNull() ? null : i.get(name).asString()));
        return values;
    }
}
