package dev.almanac.definition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * A definition as a file: {@code <dir>/<type>/<name>.yaml|.yml|.json}. A file is either the bare
 * data, as a person would write it, or what {@code almanac definitions export} writes: an envelope
 * {@code {almanac: {format, type, name, version, checksum, is_active, tags}, data: ...}} whose header
 * lets an import tell whether the database changed since the export. Exported files are
 * deterministic — fixed header order, sorted data keys, one trailing newline — so they diff well.
 */
public record DefinitionFile(String type, String name, JsonNode data, Header header) {
    public static final int FORMAT = 1;
    static final long MAX_BYTES = 5L * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

    /** What the file says the database held when it was exported. */
    public record Header(long version, String checksum, boolean isActive, List<String> tags) {}

    public enum Format {
        YAML("yaml"), JSON("json");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    static final List<String> EXTENSIONS = List.of("yaml", "yml", "json");

    static DefinitionFile read(Path file, String type, String name) throws IOException {
        if (Files.size(file) > MAX_BYTES) throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        ObjectMapper mapper = file.getFileName().toString().endsWith(".json") ? JSON : YAML;
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid " + (mapper == JSON ? "JSON" : "YAML") + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) throw new IOException(file + " is empty");
        if (!isEnvelope(root)) return new DefinitionFile(type, name, root, null);
        JsonNode h = root.get("almanac");
        if (!type.equals(h.path("type").asString(type)) || !name.equals(h.path("name").asString(name))) {
            throw new IOException(file + " says it holds " + h.path("type").asString() + "/" + h.path("name").asString()
                    + "; its path says " + type + "/" + name);
        }
        List<String> tags = new ArrayList<>();
        h.path("tags").forEach(t -> tags.add(t.asString()));
        Header header = new Header(h.path("version").asLong(0), h.path("checksum").asString(null),
                h.path("is_active").asBoolean(true), tags);
        return new DefinitionFile(type, name, root.get("data"), header);
    }

    private static boolean isEnvelope(JsonNode root) {
        return root.isObject() && Set.copyOf(root.propertyNames()).equals(Set.of("almanac", "data"))
                && root.get("almanac").isObject() && root.get("almanac").has("format");
    }

    static byte[] render(Definition d, Format format) {
        String text = (format == Format.JSON ? JSON : YAML).writeValueAsString(envelope(d));
        return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Several definitions as one JSON array of the envelopes {@link #render} writes one by one. */
    static byte[] renderAll(List<Definition> definitions) {
        var array = JsonNodeFactory.instance.arrayNode();
        definitions.forEach(d -> array.add(envelope(d)));
        return (JSON.writeValueAsString(array) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode envelope(Definition d) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode header = nodes.objectNode();
        header.put("format", FORMAT);
        header.put("type", d.type());
        header.put("name", d.name());
        header.put("version", d.version());
        header.put("checksum", d.checksum());
        header.put("is_active", d.isActive());
        var tags = header.putArray("tags");
        d.tags().forEach(tags::add);
        ObjectNode root = nodes.objectNode();
        root.set("almanac", header);
        root.set("data", CanonicalJson.sorted(d.data()));
        return root;
    }
}
