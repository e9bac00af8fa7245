package dev.almanac.mcp;

import dev.almanac.web.ApiException;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tool call's arguments, checked the way the API checks its parameters (same messages, 400s). */
final class ToolArguments {
    private final Map<String, Object> values;
    private final JsonMapper json;

    ToolArguments(Map<String, Object> values, JsonMapper json) {
        this.values = values == null ? Map.of() : values;
        this.json = json;
    }

    String text(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (!(v instanceof String s)) throw ApiException.invalidField(name, "must be a string");
        return s;
    }

    String requiredText(String name) {
        String s = text(name);
        if (s == null || s.isBlank()) throw ApiException.invalidField(name, "is required");
        return s;
    }

    Long number(String name) {
        Object v = values.get(name);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw ApiException.invalidField(name, "must be an integer");
    }

    int limit(int fallback, int max) {
        Long n = number("limit");
        if (n == null) return fallback;
        if (n < 1 || n > max) throw ApiException.invalidField("limit", "must be between 1 and " + max);
        return n.intValue();
    }

    boolean flag(String name) {
        Object v = values.get(name);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        throw ApiException.invalidField(name, "must be true or false");
    }

    UUID uuid(String name) {
        String s = requiredText(name);
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(name, "must be a job id (UUID)");
        }
    }

    /** Any JSON value, as given (a metadata value may be a string, number, object, …). */
    JsonNode requiredJson(String name) {
        if (!values.containsKey(name)) throw ApiException.invalidField(name, "is required");
        return json.valueToTree(values.get(name));
    }
}
