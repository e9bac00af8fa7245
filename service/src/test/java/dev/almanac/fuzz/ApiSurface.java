package dev.almanac.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every operation of the served OpenAPI document, with what the fuzzer needs to build requests for it. */
record ApiSurface(List<Operation> operations, JsonNode document) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Parameter(String name, String in, String type, String format) {}

    /** One method on one path; {@code bodyType} is null when the operation takes no body. */
    record Operation(String method, String path, List<Parameter> parameters, String bodyType, JsonNode bodySchema, boolean streams) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static ApiSurface parse(String json) {
        JsonNode doc = JSON.readTree(json);
        List<Operation> ops = new ArrayList<>();
        for (var path : doc.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) continue;
                List<Parameter> params = new ArrayList<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    JsonNode resolved = resolve(doc, p);
                    JsonNode schema = resolve(doc, resolved.path("schema"));
                    params.add(new Parameter(resolved.path("name").asString(), resolved.path("in").asString(),
                            schema.path("type").asString("string"), schema.path("format").asString("")));
                }
                String bodyType = null;
                JsonNode bodySchema = null;
                JsonNode content = op.getValue().path("requestBody").path("content");
                if (!content.isMissingNode() && !content.isEmpty()) {
                    var first = content.properties().iterator().next();
                    bodyType = first.getKey();
                    bodySchema = resolve(doc, first.getValue().path("schema"));
                }
                boolean streams = op.getValue().path("responses").toString().contains("text/event-stream");
                ops.add(new Operation(method, path.getKey(), List.copyOf(params), bodyType, bodySchema, streams));
            }
        }
        return new ApiSurface(List.copyOf(ops), doc);
    }

    /** Follows a local {@code $ref} (one level at a time; callers resolve again when they descend). */
    static JsonNode resolve(JsonNode doc, JsonNode node) {
        for (int i = 0; i < 8 && node != null && node.has("$ref"); i++) {
            String ref = node.get("$ref").asString();
            if (!ref.startsWith("#/")) break;
            JsonNode target = doc;
            for (String part : ref.substring(2).split("/")) target = target.path(part);
            node = target;
        }
        return node == null ? JSON.missingNode() : node;
    }
}
