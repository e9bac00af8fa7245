package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenants, API keys and roles: who may see and do what. */
abstract class TenancyContract extends ApiTestBase {

    /** Every project-scoped call, as (method, path suffix, body). */
    private static final List<String[]> PROJECT_CALLS = List.of(
            new String[] {"GET", "", null},
            new String[] {"PATCH", "", "{\"name\":\"stolen\"}"},
            new String[] {"DELETE", "", null},
            new String[] {"GET", "/meta", null},
            new String[] {"GET", "/meta/category", null},
            new String[] {"PUT", "/meta/category", "\"stolen\""},
            new String[] {"DELETE", "/meta/category", null});

    @Test
    void otherTenantSeesNotFoundAndChangesNothing() {
        var a = newTenant();
        var b = newTenant();
        String id = aProject().named("A's secret").withMeta("category", "\"finance\"").createdBy(a.writer());
        for (String[] call : PROJECT_CALLS) {
            Api.Response r = b.admin().send(call[0], "/api/projects/" + id + call[1], call[2],
                    call[2] == null ? null : call[0].equals("PATCH") ? "application/merge-patch+json" : "application/json");
            assertThat(r.status()).as(call[0] + " " + call[1]).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(ProjectsContract.ids(b.reader().get("/api/projects"))).isEmpty();
        assertThat(ProjectsContract.ids(b.reader().get("/api/projects?meta=" + ProjectsContract.enc("{\"category\":\"finance\"}")))).isEmpty();
        assertThat(b.reader().get("/api/stats").json().get("total_projects").asLong()).isZero();
        // B sees only its own (failed) attempts, never A's history.
        b.reader().get("/api/operations?project_id=" + id).json().get("items").forEach(op -> {
            assertThat(op.get("status").asString()).isEqualTo("failed");
            assertThat(op.get("actor").asString()).contains("admin-key");
        });
        assertThat(b.reader().get("/api/operations?operation=create_project").json().get("items")).isEmpty();

        Api.Response still = a.reader().get("/api/projects/" + id);
        assertThat(still.json().get("name").asString()).isEqualTo("A's secret");
        assertThat(still.json().get("version").asLong()).isEqualTo(1);
        assertThat(a.reader().get("/api/projects/" + id + "/meta/category").json().get("value").asString()).isEqualTo("finance");
    }

    @Test
    void readerGetsForbiddenOnEveryWrite() {
        var t = newTenant();
        String id = aProject().withMeta("category", "\"finance\"").createdBy(t.writer());
        for (String[] call : PROJECT_CALLS) {
            if (call[0].equals("GET")) continue;
            Api.Response r = t.reader().send(call[0], "/api/projects/" + id + call[1], call[2],
                    call[2] == null ? null : call[0].equals("PATCH") ? "application/merge-patch+json" : "application/json");
            assertThat(r.status()).as(call[0] + " " + call[1]).isEqualTo(403);
        }
        assertThat(t.reader().post("/api/projects", "{\"name\":\"x\"}").status()).isEqualTo(403);
        assertThat(t.reader().post("/api/admin/tenants/" + t.id() + "/keys", "{\"name\":\"k\",\"role\":\"reader\"}").status()).isEqualTo(403);
        assertThat(t.writer().post("/api/admin/tenants/" + t.id() + "/keys", "{\"name\":\"k\",\"role\":\"reader\"}").status()).isEqualTo(403);
        assertThat(t.reader().get("/api/projects/" + id).json().get("version").asLong()).isEqualTo(1);
        // Denied attempts are audited.
        var denied = t.admin().get("/api/operations?status=denied&project_id=" + id).json().get("items");
        assertThat(denied.size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void missingOrBadKeyIsUnauthorized() {
        for (Api api : List.of(anonymous, anonymous.as("alm_not-a-key"), anonymous.header("Authorization", "Basic Zm9vOmJhcg=="))) {
            Api.Response r = api.get("/api/projects");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void adminManagesKeysOfItsOwnTenantOnly() {
        var a = newTenant();
        var b = newTenant();
        Api.Response created = a.admin().post("/api/admin/tenants/" + a.id() + "/keys", "{\"name\":\"ci\",\"role\":\"writer\"}");
        assertThat(created.status()).isEqualTo(201);
        String keyId = created.json().get("id").asString();
        String secret = created.json().get("key").asString();
        assertThat(created.json().get("role").asString()).isEqualTo("writer");

        Api.Response listed = a.admin().get("/api/admin/tenants/" + a.id() + "/keys");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).contains(keyId).doesNotContain(secret);
        listed.json().get("items").forEach(k -> assertThat(k.has("key")).isFalse());

        assertThat(b.admin().get("/api/admin/tenants/" + a.id() + "/keys").status()).isEqualTo(404);
        assertThat(b.admin().delete("/api/admin/tenants/" + a.id() + "/keys/" + keyId).status()).isEqualTo(404);
        assertThat(b.admin().post("/api/admin/tenants/" + a.id() + "/keys", "{\"name\":\"x\",\"role\":\"admin\"}").status()).isEqualTo(404);
        assertThat(a.admin().post("/api/admin/tenants", "{\"id\":\"nope\",\"name\":\"x\"}").status()).isEqualTo(403);
        assertThat(a.admin().post("/api/admin/tenants/" + a.id() + "/keys", "{\"name\":\"x\",\"role\":\"system\"}").status()).isEqualTo(400);
    }

    @Test
    void revokedKeyFailsAtOnce() {
        var t = newTenant();
        Api.Response created = t.admin().post("/api/admin/tenants/" + t.id() + "/keys", "{\"name\":\"temp\",\"role\":\"reader\"}");
        Api key = anonymous.as(created.json().get("key").asString());
        assertThat(key.get("/api/projects").status()).isEqualTo(200);
        assertThat(t.admin().delete("/api/admin/tenants/" + t.id() + "/keys/" + created.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(key.get("/api/projects").status()).isEqualTo(401);
        assertThat(t.admin().delete("/api/admin/tenants/" + t.id() + "/keys/" + created.json().get("id").asString()).status()).isEqualTo(404);
    }

    @Test
    void tenantIdsAreUniqueAndValidated() {
        var t = newTenant();
        assertThat(system.post("/api/admin/tenants", "{\"id\":\"" + t.id() + "\",\"name\":\"again\"}").status()).isEqualTo(409);
        assertThat(system.post("/api/admin/tenants", "{\"id\":\"../etc\",\"name\":\"bad\"}").status()).isEqualTo(400);
        assertThat(system.post("/api/admin/tenants/unknown-tenant/keys", "{\"name\":\"k\",\"role\":\"reader\"}").status()).isEqualTo(404);
    }

    @Test
    void systemKeyActsInTheDefaultTenant() {
        String id = aProject().createdBy(system);
        assertThat(system.get("/api/projects/" + id).status()).isEqualTo(200);
        var other = newTenant();
        assertThat(other.reader().get("/api/projects/" + id).status()).isEqualTo(404);
    }
}
