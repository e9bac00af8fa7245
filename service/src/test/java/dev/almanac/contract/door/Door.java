package dev.almanac.contract.door;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The create/read/update/delete calls of projects, metadata and definitions, as one contract sees
 * them whichever way they are made: over plain HTTP ({@link HttpDoor}) or through the Java client
 * ({@link ClientDoor}). Unity Catalog's pattern: its CRUD tests are written against such an
 * interface and run once through the SDK and once through the CLI. A refusal is a {@link Refused}
 * carrying the HTTP status, whichever door it came through.
 */
public interface Door {
    record Project(String id, String name, String description, String status, long version) {}

    record Meta(String key, JsonNode value, long version, String source) {}

    record Definition(String type, String name, JsonNode data, long version, boolean active, List<String> tags) {}

    /** The service said no; {@code status} is the HTTP status it said it with. */
    final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String message) {
            super(status + " " + message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    Project createProject(String id, String name, String description);

    Project getProject(String id);

    /** Every page of the list, in order. */
    List<Project> listProjects(String status, String text);

    Project patchProject(String id, Map<String, ?> patch, Long expectedVersion);

    void deleteProject(String id);

    Meta putMeta(String projectId, String key, JsonNode value, Long expectedVersion);

    Meta getMeta(String projectId, String key);

    List<Meta> listMeta(String projectId);

    void deleteMeta(String projectId, String key);

    Definition putDefinition(String type, String name, JsonNode data, List<String> tags, Long expectedVersion);

    /** The current version when {@code version} is null. */
    Definition getDefinition(String type, String name, Long version);

    List<Definition> listDefinitions(String type);

    /** Newest first. */
    List<Long> definitionVersions(String type, String name);

    void deleteDefinition(String type, String name);
}
