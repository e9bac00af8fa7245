package dev.almanac.web;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Query parameters that carry JSON, such as {@code ?meta={"category":"finance"}}. */
public final class JsonParameters {
    private JsonParameters() {}

    /** The parameter as a non-empty JSON object, or 400 naming the parameter. */
    public static JsonNode requireObject(JsonMapper json, String name, String value) {
        JsonTextGuard.check(name, value);
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw ApiException.invalidField(name, "must be a non-empty JSON object, e.g. {\"category\":\"finance\"}");
        }
        return node;
    }
}
