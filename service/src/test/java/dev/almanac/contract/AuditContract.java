package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operations log and stats (seed ADR-008). */
abstract class AuditContract extends ApiTestBase {

    @Test
    void everyMutationWritesOneEntry() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        t.writer().put("/api/projects/" + id + "/meta/category", "\"finance\"");
        t.writer().patch("/api/projects/" + id, "{\"name\":\"renamed\"}");
        t.writer().delete("/api/projects/" + id + "/meta/category");
        t.writer().delete("/api/projects/" + id);

        JsonNode items = t.reader().get("/api/operations?project_id=" + id).json().get("items");
        assertThat(items).hasSize(5);
        assertThat(items.findValuesAsString("operation"))
                .containsExactly("delete_project", "delete_meta", "update_project", "put_meta", "create_project");
        for (JsonNode op : items) {
            assertThat(op.get("status").asString()).isEqualTo("success");
            assertThat(op.get("actor").asString()).contains("writer-key");
            assertThat(op.get("request_id").asString()).isNotBlank();
            assertThat(op.get("duration_ms").asInt()).isGreaterThanOrEqualTo(0);
            assertThat(op.get("timestamp").asString()).endsWith("Z");
        }
        assertThat(items.get(3).get("resource_type").asString()).isEqualTo("meta");
        assertThat(items.get(3).get("resource_id").asString()).isEqualTo("category");
        assertThat(items.get(3).get("details").get("created").asBoolean()).isTrue();
    }

    @Test
    void failedAttemptsAreLoggedAndChangeNothing() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        t.writer().post("/api/projects", "{\"id\":\"" + id + "\",\"name\":\"dup\"}");
        JsonNode failed = t.reader().get("/api/operations?status=failed").json().get("items");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("operation").asString()).isEqualTo("create_project");
        assertThat(failed.get(0).get("error_message").asString()).contains("409");
        assertThat(t.reader().get("/api/operations?operation=create_project&status=success").json().get("items")).hasSize(1);
    }

    @Test
    void operationsPaginateNewestFirst() {
        var t = newTenant();
        for (int i = 0; i < 5; i++) aProject().createdBy(t.writer());
        JsonNode first = t.reader().get("/api/operations?limit=2").json();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = t.reader().get("/api/operations?limit=2&cursor=" + first.get("next_cursor").asString()).json();
        assertThat(second.get("items").get(0).get("id").asLong()).isLessThan(first.get("items").get(1).get("id").asLong());
    }

    @Test
    void statsCountTheTenantsData() {
        var t = newTenant();
        aProject().withMeta("a", "1").withMeta("b", "2").createdBy(t.writer());
        String locked = aProject().createdBy(t.writer());
        t.writer().patch("/api/projects/" + locked, "{\"status\":\"locked\"}");
        String deleted = aProject().createdBy(t.writer());
        t.writer().delete("/api/projects/" + deleted);
        JsonNode stats = t.reader().get("/api/stats").json();
        assertThat(stats.get("total_projects").asLong()).isEqualTo(2);
        assertThat(stats.get("active_projects").asLong()).isEqualTo(1);
        assertThat(stats.get("locked_projects").asLong()).isEqualTo(1);
        assertThat(stats.get("deleted_projects").asLong()).isEqualTo(1);
        assertThat(stats.get("total_meta_entries").asLong()).isEqualTo(2);
        assertThat(stats.get("total_files").asLong()).isZero();
        assertThat(stats.get("total_size_bytes").asLong()).isZero();
        // 7 project and metadata writes, plus create_tenant and three create_api_key from newTenant()
        assertThat(stats.get("operations_last24h").asLong()).isEqualTo(11);
    }
}
