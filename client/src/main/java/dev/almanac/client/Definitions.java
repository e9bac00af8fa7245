package dev.almanac.client;

import dev.almanac.client.Models.Definition;
import dev.almanac.client.Models.DefinitionVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/metadata/{type}/{name}}: typed, versioned definitions, and the seed's
 * {@code load / save / loadMany} with an optional local directory for definitions the service
 * does not have ({@code <dir>/<type>/<name>.json}, JSON only: the client carries no YAML parser).
 */
public final class Definitions {
    private final Http http;
    private final Path localDirectory;

    Definitions(Http http, Path localDirectory) {
        this.http = http;
        this.localDirectory = localDirectory;
    }

    private static String path(String type, String name) {
        return "/api/v1/metadata/" + Http.segment(type) + "/" + Http.segment(name);
    }

    public Definition get(String type, String name) {
        return http.call("GET", path(type, name)).as(Definition.class);
    }

    public Definition get(String type, String name, long version) {
        return http.call("GET", path(type, name)).query("version", version).as(Definition.class);
    }

    /** Stores {@code data} as the definition's next version (no new version if nothing changed). */
    public Definition put(String type, String name, JsonNode data, List<String> tags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        if (tags != null) body.put("tags", tags);
        return http.call("PUT", path(type, name)).json(body).as(Definition.class);
    }

    /** Like {@link #put}, but only if the definition is still at {@code expectedVersion} (412 otherwise). */
    public Definition put(String type, String name, JsonNode data, List<String> tags, long expectedVersion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        if (tags != null) body.put("tags", tags);
        return http.call("PUT", path(type, name)).header("If-Match", "\"" + expectedVersion + "\"").json(body).as(Definition.class);
    }

    public Stream<Definition> list(String type) {
        return Paging.stream(cursor -> http.call("GET", "/api/v1/metadata/" + Http.segment(type))
                .query("limit", http.pageSize()).query("cursor", cursor).page(Definition.class));
    }

    /** The stored versions, newest first. */
    public Stream<DefinitionVersion> versions(String type, String name) {
        return Paging.stream(cursor -> http.call("GET", path(type, name) + "/versions")
                .query("limit", http.pageSize()).query("cursor", cursor).page(DefinitionVersion.class));
    }

    public void delete(String type, String name) {
        http.call("DELETE", path(type, name)).send();
    }

    /**
     * The definition's data: from the service (stored, registered or its files), else from the
     * local directory; {@link AlmanacException.NotFound} when neither has it.
     */
    public JsonNode load(String type, String name) {
        try {
            return get(type, name).data();
        } catch (AlmanacException.NotFound e) {
            JsonNode local = loadLocal(type, name);
            if (local == null) throw e;
            return local;
        }
    }

    /** {@link #load} for several names of one type; names found nowhere are left out. */
    public Map<String, JsonNode> loadMany(String type, List<String> names) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        for (String name : names) {
            try {
                found.put(name, load(type, name));
            } catch (AlmanacException.NotFound e) {
                // absent everywhere: left out
            }
        }
        return found;
    }

    /** Stores the data in the service (the seed's {@code save}); returns the stored definition. */
    public Definition save(String type, String name, JsonNode data) {
        return put(type, name, data, null);
    }

    private JsonNode loadLocal(String type, String name) {
        if (localDirectory == null || type.contains("..") || name.contains("..") || type.contains("/") || name.contains("/")) {
            return null;
        }
        Path file = localDirectory.resolve(type).resolve(name + ".json");
        if (!Files.isRegularFile(file)) return null;
        try {
            return Http.JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
