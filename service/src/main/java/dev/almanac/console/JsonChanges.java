package dev.almanac.console;

import dev.almanac.definition.JsonPatchDiff;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The differences between two JSON values as rows a person reads side by side (change, path, before,
 * after), from the same JSON Patch diff the API serves for definitions. Used by the definition diff
 * and by a metadata entry's history.
 */
final class JsonChanges {
    /** One change of a JSON Patch, with the value before it (from the older value). */
    record Change(String op, String path, String before, String after) {}

    private JsonChanges() {}

    /** {@code null} on either side means "no value" (a deletion in a history): one whole-value row. */
    static List<Change> between(JsonNode before, JsonNode after, JsonMapper json) {
        if (before == null && after == null) return List.of();
        if (before == null) return List.of(new Change("add", "/", "", json.writeValueAsString(after)));
        if (after == null) return List.of(new Change("remove", "/", json.writeValueAsString(before), ""));
        List<Change> changes = new ArrayList<>();
        for (JsonNode op : JsonPatchDiff.diff(before, after)) {
            String path = op.path("path").asString("");
            JsonNode old = op.path("op").asString("").equals("add") ? null : before.at(path);
            changes.add(new Change(op.path("op").asString(""), path.isEmpty() ? "/" : path,
                    old == null || old.isMissingNode() ? "" : json.writeValueAsString(old),
                    op.has("value") ? json.writeValueAsString(op.get("value")) : ""));
        }
        return changes;
    }
}
