package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The MCP server at /mcp through the official Java SDK's client, with the API's keys. */
abstract class McpContract extends ApiTestBase {

    private McpSyncClient connect(Api as) {
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + as.bearer()))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().getFirst()).text();
    }

    private static JsonNode call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
        assertThat(result.isError()).as(tool + ": " + text(result)).isFalse();
        return Api.JSON.readTree(text(result));
    }

    @Test
    void readersAreOfferedReadToolsOnlyWritersAlsoWriteTools() {
        var t = newTenant();
        try (McpSyncClient reader = connect(t.reader()); McpSyncClient writer = connect(t.writer())) {
            List<McpSchema.Tool> readTools = reader.listTools().tools();
            assertThat(readTools).extracting(McpSchema.Tool::name).contains("search_projects", "get_project", "list_definitions",
                    "get_definition", "get_meta", "get_job", "list_suggestions", "project_history")
                    .doesNotContain("put_meta", "request_generation", "accept_suggestion", "reject_suggestion");
            assertThat(readTools).allMatch(tool -> tool.annotations().readOnlyHint());

            List<McpSchema.Tool> writeTools = writer.listTools().tools();
            assertThat(writeTools).extracting(McpSchema.Tool::name)
                    .contains("put_meta", "request_generation", "accept_suggestion", "reject_suggestion");
            McpSchema.Tool put = writeTools.stream().filter(tool -> tool.name().equals("put_meta")).findFirst().orElseThrow();
            assertThat(put.annotations().readOnlyHint()).isFalse();
            assertThat(put.annotations().destructiveHint()).isTrue();
            assertThat(String.valueOf(put.inputSchema().get("required"))).isEqualTo("[project_id, key, value]");//("project_id", "key", "value");
        }
    }

    @Test
    void toolsReadAndWriteThroughTheSameServicesAsTheApi() {
        var t = newTenant();
        String id = aProject().named("Quarterly revenue").withMeta("owner", "\"finance\"").createdBy(t.writer());
        try (McpSyncClient mcp = connect(t.writer())) {
            JsonNode project = call(mcp, "get_project", Map.of("project_id", id));
            assertThat(project.get("name").asString()).isEqualTo("Quarterly revenue");
            assertThat(project.get("metadata").get("items").get(0).get("key").asString()).isEqualTo("owner");
            assertThat(project.get("metadata").get("items").get(0).get("value").asString()).isEqualTo("finance");

            JsonNode put = call(mcp, "put_meta", Map.of("project_id", id, "key", "tags", "value", List.of("q3", "revenue")));
            assertThat(put.get("version").asLong()).isEqualTo(1);
            assertThat(t.reader().get("/api/projects/" + id + "/meta/tags").json().get("value").get(1).asString()).isEqualTo("revenue");
            assertThat(call(mcp, "get_meta", Map.of("project_id", id, "key", "tags")).get("value").size()).isEqualTo(2);

            JsonNode found = call(mcp, "search_projects", Map.of("q", "revenue"));
            assertThat(found.get("items").findValuesAsString("id")).contains(id);
            // with a mode, the search index answers (it follows writes within about a second), by words or meaning
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    call(mcp, "search_projects", Map.of("q", "quarterly revenue", "mode", "keyword")).get("items").toString())
                    .contains("\"" + id + "\""));
            // semantic needs the project's embedding, which follows the index a moment later
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    call(mcp, "search_projects", Map.of("q", "income per quarter", "mode", "semantic", "limit", 5))
                            .get("items").toString()).contains("\"" + id + "\""));

            JsonNode history = call(mcp, "project_history", Map.of("project_id", id));
            assertThat(history.get("items").get(0).get("operation").asString()).isEqualTo("put_meta");
            assertThat(history.get("items").get(0).get("actor").asString()).contains("writer-key");

            JsonNode job = call(mcp, "request_generation", Map.of("project_id", id));
            String jobId = job.get("id").asString();
            assertThat(call(mcp, "get_job", Map.of("job_id", jobId)).get("project_id").asString()).isEqualTo(id);
            assertThat(call(mcp, "list_suggestions", Map.of("project_id", id)).get("items")).isNotNull();

            assertThat(t.writer().put("/api/v1/metadata/view/sales", "{\"data\":{\"columns\":[\"a\"]}}").status()).isEqualTo(201);
            assertThat(t.writer().put("/api/v1/metadata/view/sales", "{\"data\":{\"columns\":[\"a\",\"b\"]}}").status()).isEqualTo(200);
            assertThat(call(mcp, "list_definitions", Map.of("type", "view")).get("items").findValuesAsString("name")).contains("sales");
            assertThat(call(mcp, "get_definition", Map.of("type", "view", "name", "sales")).get("version").asLong()).isEqualTo(2);
            assertThat(call(mcp, "get_definition", Map.of("type", "view", "name", "sales", "version", 1)).get("data").get("columns"))
                    .hasSize(1);
            assertThat(call(mcp, "diff_definition", Map.of("type", "view", "name", "sales", "from", 1)).get("patch").get(0)
                    .get("op").asString()).isEqualTo("add");
        }
    }

    @Test
    void errorsAreToolErrorsWithTheApisMessages() {
        var t = newTenant();
        var other = newTenant();
        String theirs = aProject().createdBy(other.writer());
        String mine = aProject().createdBy(t.writer());
        try (McpSyncClient reader = connect(t.reader()); McpSyncClient writer = connect(t.writer())) {
            McpSchema.CallToolResult missing = reader.callTool(new McpSchema.CallToolRequest("get_project", Map.of("project_id", theirs)));
            assertThat(missing.isError()).isTrue();
            assertThat(text(missing)).startsWith("Not found (404)").contains(theirs).doesNotContain("Exception");

            McpSchema.CallToolResult denied = reader.callTool(new McpSchema.CallToolRequest("put_meta",
                    Map.of("project_id", mine, "key", "k", "value", 1)));
            assertThat(denied.isError()).isTrue();
            assertThat(text(denied)).contains("403").contains("writer role");
            assertThat(t.reader().get("/api/projects/" + mine + "/meta/k").status()).isEqualTo(404);

            McpSchema.CallToolResult invalid = writer.callTool(new McpSchema.CallToolRequest("get_job", Map.of("job_id", "nope")));
            assertThat(invalid.isError()).isTrue();
            assertThat(text(invalid)).contains("400").contains("job_id");

            McpSchema.CallToolResult noSuggestion = writer.callTool(new McpSchema.CallToolRequest("accept_suggestion",
                    Map.of("project_id", mine, "key", "absent")));
            assertThat(noSuggestion.isError()).isTrue();
        }
    }

    @Test
    void longAnswersAreCutToTheBudgetWithACursor() {
        var t = newTenant();
        String id = aProject().createdBy(t.writer());
        String big = "\"" + "x".repeat(3000) + "\"";
        for (int i = 0; i < 12; i++) t.writer().put("/api/projects/" + id + "/meta/k" + (char) ('a' + i), big);
        try (McpSyncClient mcp = connect(t.reader())) {
            JsonNode first = call(mcp, "get_project", Map.of("project_id", id));
            JsonNode meta = first.get("metadata");
            assertThat(meta.get("items").size()).isBetween(1, 11);
            assertThat(Api.JSON.writeValueAsString(first).length()).isLessThanOrEqualTo(16000);
            int seen = meta.get("items").size();
            String cursor = meta.get("next_cursor").asString();
            while (cursor != null) {
                JsonNode next = call(mcp, "get_project", Map.of("project_id", id, "metadata_cursor", cursor)).get("metadata");
                seen += next.get("items").size();
                cursor = next.get("next_cursor").isNull() ? null : next.get("next_cursor").asString();
            }
            assertThat(seen).isEqualTo(12);
        }
    }

    @Test
    void projectsAndDefinitionsAreResourcesOfTheCallersTenant() {
        var t = newTenant();
        var other = newTenant();
        String id = aProject().named("Warehouse stock").withMeta("owner", "\"logistics\"").createdBy(t.writer());
        String theirs = aProject().named("Not yours").createdBy(other.writer());
        assertThat(t.writer().put("/api/v1/metadata/view/stock", "{\"data\":{\"columns\":[\"sku\"]}}").status()).isEqualTo(201);
        try (McpSyncClient mcp = connect(t.reader())) {
            assertThat(mcp.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                    .containsExactlyInAnyOrder("almanac://projects/{projectId}", "almanac://definitions/{type}/{name}");

            McpSchema.ListResourcesResult listed = mcp.listResources();
            assertThat(listed.resources()).extracting(McpSchema.Resource::uri).contains("almanac://projects/" + id)
                    .doesNotContain("almanac://projects/" + theirs);
            assertThat(listed.resources()).extracting(McpSchema.Resource::name).contains("Warehouse stock");

            McpSchema.ReadResourceResult project = mcp.readResource(new McpSchema.ReadResourceRequest("almanac://projects/" + id));
            JsonNode projectJson = Api.JSON.readTree(((McpSchema.TextResourceContents) project.contents().getFirst()).text());
            assertThat(projectJson.get("name").asString()).isEqualTo("Warehouse stock");
            assertThat(projectJson.get("metadata").get("items").get(0).get("value").asString()).isEqualTo("logistics");

            McpSchema.ReadResourceResult view = mcp.readResource(new McpSchema.ReadResourceRequest("almanac://definitions/view/stock"));
            JsonNode viewJson = Api.JSON.readTree(((McpSchema.TextResourceContents) view.contents().getFirst()).text());
            assertThat(viewJson.get("data").get("columns").get(0).asString()).isEqualTo("sku");
            assertThat(viewJson.get("version").asLong()).isEqualTo(1);

            assertThatThrownBy(() -> mcp.readResource(new McpSchema.ReadResourceRequest("almanac://projects/" + theirs)))
                    .isInstanceOf(McpError.class).hasMessageContaining("Not found (404)").hasMessageContaining(theirs);
            assertThatThrownBy(() -> mcp.readResource(new McpSchema.ReadResourceRequest("almanac://definitions/view/absent")))
                    .isInstanceOf(McpError.class).hasMessageContaining("404");
        }
    }

    @Test
    void unauthenticatedCallsAreRefused() {
        Api.Response r = anonymous.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(r.status()).isEqualTo(401);
    }
}
