package dev.almanac.definition;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A minimal RFC 6902 applier (add, remove, replace) written for the test, to check the generator. */
final class PatchApplier {
    private PatchApplier() {}

    static JsonNode apply(JsonNode doc, JsonNode patch) {
        for (JsonNode op : patch) {
            String path = op.get("path").asString();
            if (path.isEmpty()) {
                doc = op.get("value").deepCopy();
                continue;
            }
            int slash = path.lastIndexOf('/');
            JsonNode parent = at(doc, path.substring(0, slash));
            String last = unescape(path.substring(slash + 1));
            switch (op.get("op").asString()) {
                case "remove" -> {
                    if (parent instanceof ArrayNode a) a.remove(Integer.parseInt(last));
                    else ((ObjectNode) parent).remove(last);
                }
                case "add" -> {
                    if (parent instanceof ArrayNode a) a.insert(Integer.parseInt(last), op.get("value").deepCopy());
                    else ((ObjectNode) parent).set(last, op.get("value").deepCopy());
                }
                case "replace" -> {
                    if (parent instanceof ArrayNode a) a.set(Integer.parseInt(last), op.get("value").deepCopy());
                    else ((ObjectNode) parent).set(last, op.get("value").deepCopy());
                }
                default -> throw new IllegalArgumentException(op.toString());
            }
        }
        return doc;
    }

    private static JsonNode at(JsonNode doc, String pointer) {
        JsonNode node = doc;
        if (pointer.isEmpty()) return node;
        for (String token : pointer.substring(1).split("/", -1)) {
            String key = unescape(token);
            node = node.isArray() ? node.get(Integer.parseInt(key)) : node.get(key);
        }
        return node;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
