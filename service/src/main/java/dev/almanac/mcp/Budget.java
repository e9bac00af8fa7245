package dev.almanac.mcp;

import dev.almanac.web.Page;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps tool answers within {@code almanac.mcp.max-result-chars}. A list keeps as many items as fit
 * and says where to continue ({@code next_cursor}, the same opaque cursor the API uses); a single
 * resource that is still too large is cut, and says so.
 */
final class Budget {
    private final int maxChars;
    private final JsonMapper json;

    Budget(int maxChars, JsonMapper json) {
        this.maxChars = maxChars;
        this.json = json;
    }

    /** {@code {items, next_cursor}} from a page, with fewer items (and a cursor after the last kept) when they would not fit. */
    <T> ObjectNode page(Page<T> page, Function<T, String> keyOf, int reserve) {
        List<T> items = page.items();
        int budget = maxChars - reserve - 100;
        ArrayNode kept = json.createArrayNode();
        int used = 0;
        String next = page.nextCursor();
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = json.readTree(json.writeValueAsString(items.get(i))); // raw JSON values (metadata) stay JSON
            int size = json.writeValueAsString(node).length() + 1;
            if (used + size > budget && !kept.isEmpty()) {
                next = Page.encode(keyOf.apply(items.get(i - 1)));
                break;
            }
            kept.add(node);
            used += size;
        }
        ObjectNode result = json.createObjectNode();
        result.set("items", kept);
        result.put("next_cursor", next);
        return result;
    }

    /** The text of an answer, cut at the budget if it is still too long. */
    String text(JsonNode answer) {
        String text = json.writeValueAsString(answer);
        if (text.length() <= maxChars) return text;
        return text.substring(0, maxChars) + "\n[truncated: " + (text.length() - maxChars)
                + " more characters; ask for less, or read it through the REST API]";
    }
}
