package dev.almanac.client;

import dev.almanac.client.Models.MetaEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** {@code /api/projects/{id}/meta}: metadata entries with optimistic concurrency, and suggestion review. */
public final class Metadata {
    /** How often {@link #update} reads and writes again after losing a race, before giving up. */
    static final int UPDATE_ATTEMPTS = 10;

    private final Http http;

    Metadata(Http http) {
        this.http = http;
    }

    private static String path(String projectId, String key) {
        return "/api/projects/" + Http.segment(projectId) + "/meta/" + Http.segment(key);
    }

    public MetaEntry get(String projectId, String key) {
        return http.call("GET", path(projectId, key)).as(MetaEntry.class);
    }

    public Stream<MetaEntry> list(String projectId) {
        return Paging.stream(cursor -> http.call("GET", "/api/projects/" + Http.segment(projectId) + "/meta")
                .query("limit", http.pageSize()).query("cursor", cursor).page(MetaEntry.class));
    }

    /** Writes the value whatever is there. */
    public MetaEntry put(String projectId, String key, JsonNode value) {
        return http.call("PUT", path(projectId, key)).json(value).as(MetaEntry.class);
    }

    /**
     * Writes the value only if the entry is still at {@code expectedVersion}, or, with 0, only if there
     * is none yet; otherwise {@link AlmanacException.PreconditionFailed}.
     */
    public MetaEntry put(String projectId, String key, JsonNode value, long expectedVersion) {
        Http.Call call = http.call("PUT", path(projectId, key)).json(value);
        if (expectedVersion == 0) {
            call.header("If-None-Match", "*");
        } else {
            call.header("If-Match", "\"" + expectedVersion + "\"");
        }
        return call.as(MetaEntry.class);
    }

    /**
     * Read, change, write-if-unchanged: {@code change} gets the current value (null when there is
     * none) and returns the new one; when someone else wrote in between (412) it runs again on
     * their value. {@code change} must be free of side effects: it may run several times.
     */
    public MetaEntry update(String projectId, String key, UnaryOperator<JsonNode> change) {
        for (int attempt = 1; ; attempt++) {
            MetaEntry current;
            try {
                current = get(projectId, key);
            } catch (AlmanacException.NotFound e) {
                current = null;
            }
            JsonNode next = change.apply(current == null ? null : current.value());
            try {
                return put(projectId, key, next, current == null ? 0 : current.version());
            } catch (AlmanacException.PreconditionFailed e) {
                if (attempt >= UPDATE_ATTEMPTS) throw e;
            }
        }
    }

    public void delete(String projectId, String key) {
        http.call("DELETE", path(projectId, key)).send();
    }

    /** Accepts an open AI suggestion: same value, {@code review_status: accepted}. */
    public MetaEntry accept(String projectId, String key) {
        return http.call("POST", path(projectId, key) + "/accept").as(MetaEntry.class);
    }

    /** Rejects an open AI suggestion: deleted, and not suggested again for the same input. */
    public void reject(String projectId, String key) {
        http.call("POST", path(projectId, key) + "/reject").send();
    }

    /** Accepts every open suggestion of the project; returns the accepted entries. */
    public List<MetaEntry> acceptAll(String projectId) {
        JsonNode items = http.call("POST", "/api/projects/" + Http.segment(projectId) + "/meta/accept").tree().path("items");
        List<MetaEntry> accepted = new ArrayList<>();
        for (JsonNode item : items) accepted.add(Http.JSON.treeToValue(item, MetaEntry.class));
        return accepted;
    }
}
