package dev.almanac.client;

import dev.almanac.client.Models.Project;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** {@code /api/projects}. */
public final class Projects {
    private final Http http;

    Projects(Http http) {
        this.http = http;
    }

    /** Creates a project; {@code id} may be null (the service gives a UUID). 409 → {@link AlmanacException.Conflict}. */
    public Project create(String id, String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (id != null) body.put("id", id);
        body.put("name", name);
        if (description != null) body.put("description", description);
        return http.call("POST", "/api/projects").json(body).as(Project.class);
    }

    public Project get(String id) {
        return http.call("GET", "/api/projects/" + Http.segment(id)).as(Project.class);
    }

    /** Every project matching the filters (null = not filtered), fetched a page at a time as the stream is read. */
    public Stream<Project> list(String status, String text, JsonNode metaContains) {
        return Paging.stream(cursor -> http.call("GET", "/api/projects").query("status", status).query("q", text)
                .query("meta", metaContains == null ? null : Http.JSON.writeValueAsString(metaContains))
                .query("limit", http.pageSize()).query("cursor", cursor).page(Project.class));
    }

    public Stream<Project> list() {
        return list(null, null, null);
    }

    /**
     * A JSON merge patch of {@code name}, {@code description}, {@code settings}, {@code status}; with
     * {@code expectedVersion} (non-null) only if the project is still at it (else {@link AlmanacException.PreconditionFailed}).
     */
    public Project update(String id, Map<String, ?> patch, Long expectedVersion) {
        return http.call("PATCH", "/api/projects/" + Http.segment(id))
                .header("If-Match", expectedVersion == null ? null : "\"" + expectedVersion + "\"")
                .json(patch).as(Project.class);
    }

    /** Soft delete; deleting a deleted project succeeds. */
    public void delete(String id) {
        http.call("DELETE", "/api/projects/" + Http.segment(id)).send();
    }
}
