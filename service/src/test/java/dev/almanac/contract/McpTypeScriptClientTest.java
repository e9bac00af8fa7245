package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * A client nobody here wrote: the official TypeScript MCP SDK (npm, run by Node from
 * {@code src/test/mcp-ts}) lists Almanac's tools and calls every one against the running service.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class McpTypeScriptClientTest extends ApiTestBase {
    private static final Path DIR = Path.of("src/test/mcp-ts");

    private static String run(List<String> command, java.util.Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("mcp-ts-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        assertThat(done && p.exitValue() == 0).as(String.join(" ", command) + " failed:\n" + output).isTrue();
        return output;
    }

    @Test
    void typeScriptSdkListsAndCallsEveryTool() throws Exception {
        var t = newTenant();
        String project = aProject().named("Agent demo").withMeta("owner", "\"data-team\"").createdBy(t.writer());
        t.writer().put("/api/v1/metadata/view/orders", "{\"data\":{\"columns\":[\"id\"]}}");
        t.writer().put("/api/v1/metadata/view/orders", "{\"data\":{\"columns\":[\"id\",\"total\"]}}");

        String npm = new File("/usr/bin/npm").canExecute() ? "/usr/bin/npm" : "npm";
        run(List.of(npm, "ci", "--no-audit", "--no-fund"), java.util.Map.of());
        String output = run(List.of("node", "check.mjs"), java.util.Map.of(
                "ALMANAC_URL", "http://127.0.0.1:" + port,
                "ALMANAC_WRITER_KEY", t.writer().bearer(),
                "ALMANAC_READER_KEY", t.reader().bearer(),
                "ALMANAC_PROJECT", project));
        String line = output.lines().filter(l -> l.startsWith("{\"writer_tools\"")).findFirst().orElseThrow(
                () -> new AssertionError("no result from check.mjs:\n" + output));
        JsonNode result = Api.JSON.readTree(line);

        assertThat(result.get("writer_tools").findValuesAsString("name")).containsExactlyInAnyOrder("search_projects",
                "get_project", "list_definitions", "get_definition", "diff_definition", "get_meta", "put_meta",
                "request_generation", "get_job", "list_suggestions", "accept_suggestion", "reject_suggestion",
                "project_history");
        assertThat(result.get("reader_tools").toString()).doesNotContain("put_meta").contains("get_project");
        JsonNode calls = result.get("calls");
        for (String ok : List.of("search_projects", "get_project", "list_definitions", "get_definition", "diff_definition",
                "get_meta", "put_meta", "request_generation", "get_job", "list_suggestions", "project_history")) {
            assertThat(calls.get(ok).get("is_error").asBoolean()).as(ok + ": " + calls.get(ok)).isFalse();
        }
        // no suggestion named "summary" is open yet: the API's 404/409, as tool errors
        assertThat(calls.get("accept_suggestion").get("is_error").asBoolean()).isTrue();
        assertThat(calls.get("reject_suggestion").get("is_error").asBoolean()).isTrue();
        assertThat(calls.get("search_projects").get("text").asString()).contains(project);
        assertThat(t.reader().get("/api/projects/" + project + "/meta/checked_by").json().get("value").get("agent").asString())
                .isEqualTo("ts-sdk");
    }
}
