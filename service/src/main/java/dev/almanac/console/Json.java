package dev.almanac.console;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON as people type it into forms. */
final class Json {
    private Json() {}

    /** {@code 42}, {@code true}, {@code "x"}, {@code ["a"]} as JSON; anything else (e.g. {@code finance}) as a string. */
    static JsonNode parseOrString(JsonMapper json, String text) {
        if (text.isBlank()) return json.getNodeFactory().stringNode("");
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return json.getNodeFactory().stringNode(text.strip());
        }
    }

    /** Raw JSON text, indented for reading; null stays null. */
    static String pretty(JsonMapper json, String raw) {
        if (raw == null) return null;
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(raw));
    }
}
