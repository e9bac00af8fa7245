package dev.almanac.definition;

import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Computes an RFC 6902 JSON Patch that turns one document into another, using add, remove and
 * replace only. Objects are compared key by key (in sorted order, so the patch is deterministic);
 * arrays index by index — a shifted array shows as replacements rather than as moves, which keeps
 * the patch trivially correct at the cost of being longer than the shortest one. Removals at the
 * end of an array go from the last index down, so every path is valid when its operation applies.
 */
public final class JsonPatchDiff {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonPatchDiff() {}

    public static ArrayNode diff(JsonNode from, JsonNode to) {
        ArrayNode ops = NODES.arrayNode();
        diff(from, to, "", ops);
        return ops;
    }

    private static void diff(JsonNode from, JsonNode to, String path, ArrayNode ops) {
        if (CanonicalJson.of(from).equals(CanonicalJson.of(to))) return;
        if (from.isObject() && to.isObject()) {
            TreeSet<String> keys = new TreeSet<>(from.propertyNames());
            keys.addAll(to.propertyNames());
            for (String key : keys) {
                String child = path + "/" + escape(key);
                if (!to.has(key)) {
                    ops.add(op("remove", child, null));
                } else if (!from.has(key)) {
                    ops.add(op("add", child, to.get(key)));
                } else {
                    diff(from.get(key), to.get(key), child, ops);
                }
            }
        } else if (from.isArray() && to.isArray()) {
            int common = Math.min(from.size(), to.size());
            for (int i = 0; i < common; i++) diff(from.get(i), to.get(i), path + "/" + i, ops);
            for (int i = common; i < to.size(); i++) ops.add(op("add", path + "/" + i, to.get(i)));
            for (int i = from.size() - 1; i >= common; i--) ops.add(op("remove", path + "/" + i, null));
        } else {
            ops.add(op("replace", path, to));
        }
    }

    private static ObjectNode op(String name, String path, JsonNode value) {
        ObjectNode op = NODES.objectNode();
        op.put("op", name);
        op.put("path", path);
        if (value != null) op.set("value", value.deepCopy());
        return op;
    }

    /** RFC 6901: '~' first, then '/', so that "~1" in a key does not turn into "/". */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
