package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem+json with the right status, and changes nothing. */
abstract class ErrorsContract extends ApiTestBase {

    private static void assertProblem(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        var body = r.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asString()).isNotBlank();
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(body.get("detail").asString()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void malformedJsonIs400() {
        var t = newTenant();
        assertProblem(t.writer().post("/api/projects", "{\"name\":"), 400);
        assertProblem(t.writer().post("/api/projects", "not json"), 400);
        assertProblem(t.writer().post("/api/projects", "{\"name\":\"a\"} trailing"), 400);
    }

    @Test
    void wrongTypesAre400WithTheField() {
        var t = newTenant();
        Api.Response r = t.writer().post("/api/projects", "{\"name\":12}");
        assertProblem(r, 400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertProblem(t.writer().post("/api/projects", "{\"name\":\"x\",\"settings\":[1]}"), 400);
        assertProblem(t.writer().post("/api/projects", "[]"), 400);
    }

    @Test
    void unknownFieldsAre400() {
        var t = newTenant();
        Api.Response r = t.writer().post("/api/projects", "{\"name\":\"x\",\"nmae\":\"typo\"}");
        assertProblem(r, 400);
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("nmae");
        String id = aProject().createdBy(t.writer());
        assertProblem(t.writer().patch("/api/projects/" + id, "{\"size_bytes\":5}"), 400);
        assertThat(t.reader().get("/api/projects/" + id).json().get("size_bytes").asLong()).isZero();
    }

    @Test
    void oversizedBodiesAre413() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String big = "\"" + "a".repeat(1_100_000) + "\"";
        assertProblem(t.writer().put("/api/projects/" + id + "/meta/big", big), 413);
        assertThat(t.reader().get("/api/projects/" + id + "/meta/big").status()).isEqualTo(404);
    }

    @Test
    void tooDeepJsonIs400() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertProblem(t.writer().put("/api/projects/" + id + "/meta/deep", deep), 400);
        String ok = "[".repeat(30) + "]".repeat(30);
        assertThat(t.writer().put("/api/projects/" + id + "/meta/ok", ok).status()).isEqualTo(201);
    }

    @Test
    void invalidIdsAndKeysAre400() {
        var t = newTenant();
        assertProblem(t.writer().post("/api/projects", "{\"id\":\"has space\",\"name\":\"x\"}"), 400);
        assertProblem(t.writer().post("/api/projects", "{\"id\":\"" + "x".repeat(200) + "\",\"name\":\"x\"}"), 400);
        assertProblem(t.writer().post("/api/projects", "{\"id\":\"-lead\",\"name\":\"x\"}"), 400);
        assertProblem(t.writer().post("/api/projects", "{\"name\":\"\"}"), 400);
        String id = aProject().createdBy(t.writer());
        assertProblem(t.writer().put("/api/projects/" + id + "/meta/bad%20key", "1"), 400);
        assertProblem(t.writer().put("/api/projects/" + id + "/meta/" + "k".repeat(200), "1"), 400);
        assertProblem(t.reader().get("/api/projects/bad%20id"), 400);
    }

    @Test
    void wrongContentTypeIs415() {
        var t = newTenant();
        assertProblem(t.writer().send("POST", "/api/projects", "{\"name\":\"x\"}", "text/plain"), 415);
        String id = aProject().createdBy(t.writer());
        assertProblem(t.writer().send("PUT", "/api/projects/" + id + "/meta/k", "1", "application/xml"), 415);
    }

    @Test
    void badQueryParametersAre400() {
        var t = newTenant();
        assertProblem(t.reader().get("/api/projects?limit=0"), 400);
        assertProblem(t.reader().get("/api/projects?limit=501"), 400);
        assertProblem(t.reader().get("/api/projects?limit=abc"), 400);
        assertProblem(t.reader().get("/api/projects?status=gone"), 400);
        assertProblem(t.reader().get("/api/projects?cursor=!!!"), 400);
        assertProblem(t.reader().get("/api/projects?meta=" + ProjectsContract.enc("{bad")), 400);
        assertProblem(t.reader().get("/api/projects?meta=" + ProjectsContract.enc("[1]")), 400);
        assertProblem(t.writer().header("If-Match", "garbage").patch("/api/projects/x", "{}"), 400);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        var t = newTenant();
        assertProblem(t.reader().get("/api/nothing-here"), 404);
        assertProblem(t.reader().send("PUT", "/api/projects", "{}", "application/json"), 405);
    }

    @Test
    void everyResponseCarriesARequestId() {
        var t = newTenant();
        Api.Response generated = t.reader().get("/api/projects");
        assertThat(generated.header("X-Request-ID")).isNotBlank();
        Api.Response echoed = t.writer().header("X-Request-ID", "trace-123").post("/api/projects", "{\"name\":\"traced\"}");
        assertThat(echoed.header("X-Request-ID")).isEqualTo("trace-123");
        assertThat(anonymous.header("X-Request-ID", "anon-1").get("/api/projects").header("X-Request-ID")).isEqualTo("anon-1");
        var ops = t.reader().get("/api/operations?request_id=trace-123").json().get("items");
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).get("operation").asString()).isEqualTo("create_project");
        assertThat(ops.get(0).get("status").asString()).isEqualTo("success");
    }
}
