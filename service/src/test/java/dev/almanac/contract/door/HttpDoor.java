package dev.almanac.contract.door;

import dev.almanac.testing.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** The contract's calls as plain HTTP requests, read back from the JSON the API answers. */
public final class HttpDoor implements Door {
    private static final int PAGE = 3; // small, so that every list in a contract spans pages

    private final Api api;

    public HttpDoor(Api api) {
        this.api = api;
    }

    @Override
    public Project createProject(String id, String name, String description) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        if (id != null) body.put("id", id);
        body.put("name", name);
        if (description != null) body.put("description", description);
        return project(ok(api.post("/api/projects", Api.JSON.writeValueAsString(body))));
    }

    @Override
    public Project getProject(String id) {
        return project(ok(api.get("/api/projects/" + id)));
    }

    @Override
    public List<Project> listProjects(String status, String text) {
        String query = (status == null ? "" : "&status=" + status) + (text == null ? "" : "&q=" + enc(text));
        return pages("/api/projects?limit=" + PAGE + query, HttpDoor::project);
    }

    @Override
    public Project patchProject(String id, Map<String, ?> patch, Long expectedVersion) {
        return project(ok(conditional(expectedVersion).patch("/api/projects/" + id, Api.JSON.writeValueAsString(patch))));
    }

    @Override
    public void deleteProject(String id) {
        ok(api.delete("/api/projects/" + id));
    }

    @Override
    public Meta putMeta(String projectId, String key, JsonNode value, Long expectedVersion) {
        return meta(ok(conditional(expectedVersion).put("/api/projects/" + projectId + "/meta/" + key, value.toString())));
    }

    @Override
    public Meta getMeta(String projectId, String key) {
        return meta(ok(api.get("/api/projects/" + projectId + "/meta/" + key)));
    }

    @Override
    public List<Meta> listMeta(String projectId) {
        return pages("/api/projects/" + projectId + "/meta?limit=" + PAGE, HttpDoor::meta);
    }

    @Override
    public void deleteMeta(String projectId, String key) {
        ok(api.delete("/api/projects/" + projectId + "/meta/" + key));
    }

    @Override
    public Definition putDefinition(String type, String name, JsonNode data, List<String> tags, Long expectedVersion) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("data", data);
        if (tags != null) body.put("tags", tags);
        return definition(ok(conditional(expectedVersion).put("/api/v1/metadata/" + type + "/" + name,
                Api.JSON.writeValueAsString(body))));
    }

    @Override
    public Definition getDefinition(String type, String name, Long version) {
        return definition(ok(api.get("/api/v1/metadata/" + type + "/" + name + (version == null ? "" : "?version=" + version))));
    }

    @Override
    public List<Definition> listDefinitions(String type) {
        return pages("/api/v1/metadata/" + type + "?limit=" + PAGE, HttpDoor::definition);
    }

    @Override
    public List<Long> definitionVersions(String type, String name) {
        return pages("/api/v1/metadata/" + type + "/" + name + "/versions?limit=" + PAGE, v -> v.get("version").asLong());
    }

    @Override
    public void deleteDefinition(String type, String name) {
        ok(api.delete("/api/v1/metadata/" + type + "/" + name));
    }

    private Api conditional(Long expectedVersion) {
        return expectedVersion == null ? api : api.header("If-Match", "\"" + expectedVersion + "\"");
    }

    private <T> List<T> pages(String first, Function<JsonNode, T> read) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(api.get(first + (cursor == null ? "" : "&cursor=" + enc(cursor))));
            page.get("items").forEach(item -> all.add(read.apply(item)));
            JsonNode next = page.get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return all;
    }

    private static JsonNode ok(Api.Response response) {
        if (response.status() / 100 != 2) {
            throw new Refused(response.status(), response.body());
        }
        return response.body().isEmpty() ? null : response.json();
    }

    private static Project project(JsonNode p) {
        return new Project(p.get("id").asString(), p.get("name").asString(), text(p.get("description")),
                p.get("status").asString(), p.get("version").asLong());
    }

    private static Meta meta(JsonNode m) {
        return new Meta(m.get("key").asString(), m.get("value"), m.get("version").asLong(), m.get("source").asString());
    }

    private static Definition definition(JsonNode d) {
        List<String> tags = new ArrayList<>();
        if (d.get("tags") != null) d.get("tags").forEach(t -> tags.add(t.asString()));
        return new Definition(d.get("type").asString(), d.get("name").asString(), d.get("data"), d.get("version").asLong(),
                d.get("is_active").asBoolean(), tags);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
