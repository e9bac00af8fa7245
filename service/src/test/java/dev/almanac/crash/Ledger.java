package dev.almanac.crash;

import dev.almanac.testing.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * What a write load asked the service to store and what the service acknowledged, per resource, and
 * the check of a (restarted) service against it.
 *
 * <p>Each resource is written by one client thread, one request at a time, and a thread stops at its
 * first request without an answer. So a resource has at most one write in doubt: the last one, sent
 * when the service died. That write may or may not have committed; every earlier one was
 * acknowledged. A resource is therefore correct in exactly two states: as last acknowledged (same
 * value, same version), or with the write in doubt applied on top (its value, the next version).
 * Anything else — a missing resource, an older version, another value — is a lost acknowledged write.
 */
final class Ledger {
    /** {@code field} holds the written value in the resource's JSON: {@code name} of a project, {@code value} of a meta entry. */
    private record Resource(String path, String field) {}

    /** A value as JSON text and the version the service gave (or would give) it. */
    record Write(String valueJson, long version) {}

    private static final class History {
        volatile Write acknowledged;
        volatile Write inDoubt;
    }

    private final Map<Resource, History> histories = new ConcurrentHashMap<>();

    static String projectPath(String projectId) {
        return "/api/projects/" + projectId;
    }

    static String metaPath(String projectId, String key) {
        return "/api/projects/" + projectId + "/meta/" + key;
    }

    /** Called before a write is sent: until {@link #acknowledged}, it is in doubt. */
    void sending(String path, String field, String valueJson) {
        History h = histories.computeIfAbsent(new Resource(path, field), r -> new History());
        long next = h.acknowledged == null ? 1 : h.acknowledged.version() + 1;
        h.inDoubt = new Write(valueJson, next);
    }

    void acknowledged(String path, String field, long version) {
        History h = histories.get(new Resource(path, field));
        h.acknowledged = new Write(h.inDoubt.valueJson(), version);
        h.inDoubt = null;
    }

    long acknowledgedCount() {
        return histories.values().stream().filter(h -> h.acknowledged != null).count();
    }

    long inDoubtCount() {
        return histories.values().stream().filter(h -> h.inDoubt != null).count();
    }

    /** Every way the service differs from the ledger; empty when no acknowledged write was lost. */
    List<String> discrepancies(Api api) {
        List<String> found = new ArrayList<>();
        histories.forEach((resource, history) -> {
            String problem = check(api, resource, history.acknowledged, history.inDoubt);
            if (problem != null) found.add(resource.path() + ": " + problem);
        });
        return found;
    }

    /** How many writes in doubt the service did commit (for the report; either outcome is correct). */
    long inDoubtApplied(Api api) {
        return histories.entrySet().stream()
                .filter(e -> e.getValue().inDoubt != null)
                .filter(e -> matches(api.get(e.getKey().path()), e.getKey().field(), e.getValue().inDoubt))
                .count();
    }

    private static String check(Api api, Resource resource, Write acknowledged, Write inDoubt) {
        Api.Response stored = api.get(resource.path());
        if (stored.status() == 404) {
            return acknowledged == null ? null : "missing, but " + acknowledged + " was acknowledged";
        }
        if (stored.status() != 200) {
            return "read failed: " + stored;
        }
        if (acknowledged != null && matches(stored, resource.field(), acknowledged)) return null;
        if (inDoubt != null && matches(stored, resource.field(), inDoubt)) return null;
        JsonNode json = stored.json();
        return "stored " + json.get(resource.field()) + " at version " + json.get("version")
                + ", but acknowledged " + acknowledged + (inDoubt == null ? "" : " (in doubt: " + inDoubt + ")");
    }

    private static boolean matches(Api.Response stored, String field, Write write) {
        if (stored.status() != 200) return false;
        JsonNode json = stored.json();
        return json.get("version").asLong() == write.version()
                && json.get(field).equals(Api.JSON.readTree(write.valueJson()));
    }
}
