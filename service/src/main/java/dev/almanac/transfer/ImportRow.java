package dev.almanac.transfer;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One row of an import file, parsed. A null field is absent (leave the project's value as it is);
 * {@code clearDescription} is only set by JSON lines' {@code "description": null}. {@code error}:
 * why the row could not be read at all (the other fields are then unset).
 */
record ImportRow(long number, String id, String name, String description, boolean clearDescription, String status,
        Map<String, JsonNode> meta, String error) {

    static ImportRow unreadable(long number, String error) {
        return new ImportRow(number, null, null, null, false, null, Map.of(), error);
    }
}
