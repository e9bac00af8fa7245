package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
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
        assertThat(r.header("X-Request-ID")).as("request id of " + r).isNotBlank();
        assertThat(body.get("detail").asString()).as("detail names no library internals")
                .doesNotContain("`").doesNotContainIgnoringCase("jackson").doesNotContain("java.")
                .doesNotContain("Constraints").doesNotContain("springframework")
                .doesNotContainPattern(QUALIFIED_CLASS);
    }

    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z][A-Za-z]+");

    /** What Java's HTTP client refuses to send (malformed escapes, raw control characters): written to a socket as is. */
    private Api.Response raw(String head) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim(), java.util.List.of(lines[i].substring(colon + 1).trim()));
            }
            String body = text.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", java.util.List.of("")).getFirst())) {
                body = dechunk(body);
            }
            return new Api.Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) return out.toString();
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    @Test
    void nulCharactersAndLoneSurrogatesAre400Everywhere() {
        var t = newTenant();
        assertProblem(t.writer().post("/api/projects", "{\"name\":\"a\\u0000b\"}"), 400);
        assertProblem(t.writer().post("/api/projects", "{\"name\":\"a\\ud800b\"}"), 400);
        String id = aProject().createdBy(t.writer());
        assertProblem(t.writer().put("/api/projects/" + id + "/meta/k", "{\"a\\u0000\":1}"), 400);
        assertProblem(t.writer().put("/api/projects/" + id + "/meta/k", "[\"\\udc00\"]"), 400);
        assertProblem(t.reader().get("/api/projects?status=%00"), 400);
        assertProblem(t.reader().get("/api/projects?meta=" + ProjectsContract.enc("{\"a\":\"\u0000\"}")), 400);
        String nulCursor = Base64.getUrlEncoder().encodeToString("x\u0000y".getBytes(StandardCharsets.UTF_8));
        assertProblem(t.reader().get("/api/projects?cursor=" + nulCursor), 400);
        assertThat(t.reader().get("/api/projects/" + id + "/meta/k").status()).isEqualTo(404);
        // a backslash followed by the letters u0000 is ordinary text
        assertThat(t.writer().put("/api/projects/" + id + "/meta/k", "\"\\\\u0000\"").status()).isEqualTo(201);
        assertThat(t.reader().get("/api/projects/" + id + "/meta/k").json().get("value").asString()).isEqualTo("\\u0000");
    }

    @Test
    void malformedPercentEncodingInTheQueryIs400() {
        var t = newTenant();
        for (String query : new String[] {"limit=%FF", "a=%ZZ%", "%00=%00&=x", "limit=%"}) {
            Api.Response r = raw("GET /api/projects?" + query + " HTTP/1.1\r\nAuthorization: Bearer " + t.reader().bearer() + "\r\n");
            assertProblem(r, 400);
        }
    }

    @Test
    void outOfRangeValuesAre400() {
        var t = newTenant();
        assertThat(t.writer().put("/api/v1/metadata/view/r", "{\"data\":{\"x\":1}}").status()).isEqualTo(201);
        for (String asOf : new String[] {"+294277-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
                "+999999999-12-31T23:59:59Z", "0000-01-01T00:00:00Z"}) {
            assertProblem(t.reader().get("/api/v1/metadata/view/r?as_of=" + ProjectsContract.enc(asOf)), 400);
        }
        assertProblem(system.post("/api/admin/files/reconcile?grace_seconds=9223372036854775807", null), 400);
        assertProblem(t.writer().put("/api/v1/metadata/view/big", "{\"data\":{\"x\":1e400}}"), 400);
        assertProblem(t.writer().put("/api/v1/metadata/view/big", "{\"data\":{\"x\":-1e400}}"), 400);
        assertThat(t.reader().get("/api/v1/metadata/view/big").status()).isEqualTo(404);
        String id = aProject().createdBy(t.writer());
        assertProblem(t.writer().put("/api/projects/" + id + "/meta/n", "1e400"), 400);
    }

    @Test
    void wildcardContentTypeIs415() {
        var t = newTenant();
        Api.Response r = t.writer().send("POST", "/api/projects", "{\"name\":\"x\"}", "*/*");
        assertProblem(r, 415);
        assertThat(r.json().get("detail").asString()).contains("application/json");
        assertProblem(t.writer().send("POST", "/api/projects", "{\"name\":\"x\"}", "application/*"), 415);
    }

    @Test
    void directRequestsToTheErrorPathAre404() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH"}) {
            assertProblem(anonymous.send(method, "/error", method.equals("GET") ? null : "{}", "application/json"), 404);
        }
    }

    @Test
    void requestsTheContainerRejectsGetProblemsWithARequestId() {
        assertProblem(raw("GET /api/projects/a%2Fb HTTP/1.1\r\n"), 400);
        assertProblem(raw("GET /api/projects/a%00b HTTP/1.1\r\n"), 400);
        assertProblem(raw("GET /api/projects/a\u0001b HTTP/1.1\r\n"), 400);
        assertProblem(raw("GET /api/projects HTTP/1.1\r\nX-Request-ID: a\rb\r\n"), 400);
    }

    @Test
    void unsupportedMethodsAre405() {
        for (String method : new String[] {"TRACE", "CONNECT", "FOO", "PROPFIND"}) {
            Api.Response r = raw(method + " /api/projects HTTP/1.1\r\n");
            assertProblem(r, 405);
        }
    }

    @Test
    void limitMessagesSayWhatToChange() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        Api.Response r = t.writer().put("/api/projects/" + id + "/meta/deep", "[".repeat(1000) + "]".repeat(1000));
        assertProblem(r, 400);
        assertThat(r.json().get("detail").asString()).contains("nested").contains("64");
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
