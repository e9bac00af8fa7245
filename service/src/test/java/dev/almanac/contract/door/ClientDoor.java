package dev.almanac.contract.door;

import dev.almanac.client.AlmanacClient;
import dev.almanac.client.AlmanacException;
import dev.almanac.client.Models;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/** The contract's calls through the Java client's typed methods; its typed errors become {@link Refused}. */
public final class ClientDoor implements Door {
    private final AlmanacClient client;

    public ClientDoor(AlmanacClient client) {
        this.client = client;
    }

    @Override
    public Project createProject(String id, String name, String description) {
        return call(() -> project(client.projects().create(id, name, description)));
    }

    @Override
    public Project getProject(String id) {
        return call(() -> project(client.projects().get(id)));
    }

    @Override
    public List<Project> listProjects(String status, String text) {
        return call(() -> client.projects().list(status, text, null).map(ClientDoor::project).toList());
    }

    @Override
    public Project patchProject(String id, Map<String, ?> patch, Long expectedVersion) {
        return call(() -> project(client.projects().update(id, patch, expectedVersion)));
    }

    @Override
    public void deleteProject(String id) {
        call(() -> {
            client.projects().delete(id);
            return null;
        });
    }

    @Override
    public Meta putMeta(String projectId, String key, JsonNode value, Long expectedVersion) {
        return call(() -> meta(expectedVersion == null ? client.metadata().put(projectId, key, value)
                : client.metadata().put(projectId, key, value, expectedVersion)));
    }

    @Override
    public Meta getMeta(String projectId, String key) {
        return call(() -> meta(client.metadata().get(projectId, key)));
    }

    @Override
    public List<Meta> listMeta(String projectId) {
        return call(() -> client.metadata().list(projectId).map(ClientDoor::meta).toList());
    }

    @Override
    public void deleteMeta(String projectId, String key) {
        call(() -> {
            client.metadata().delete(projectId, key);
            return null;
        });
    }

    @Override
    public Definition putDefinition(String type, String name, JsonNode data, List<String> tags, Long expectedVersion) {
        return call(() -> definition(expectedVersion == null ? client.definitions().put(type, name, data, tags)
                : client.definitions().put(type, name, data, tags, expectedVersion)));
    }

    @Override
    public Definition getDefinition(String type, String name, Long version) {
        return call(() -> definition(version == null ? client.definitions().get(type, name)
                : client.definitions().get(type, name, version)));
    }

    @Override
    public List<Definition> listDefinitions(String type) {
        return call(() -> client.definitions().list(type).map(ClientDoor::definition).toList());
    }

    @Override
    public List<Long> definitionVersions(String type, String name) {
        return call(() -> client.definitions().versions(type, name).map(Models.DefinitionVersion::version).toList());
    }

    @Override
    public void deleteDefinition(String type, String name) {
        call(() -> {
            client.definitions().delete(type, name);
            return null;
        });
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (AlmanacException e) {
            throw new Refused(e.status(), e.getMessage());
        }
    }

    private static Project project(Models.Project p) {
        return new Project(p.id(), p.name(), p.description(), p.status(), p.version());
    }

    private static Meta meta(Models.MetaEntry m) {
        return new Meta(m.key(), m.value(), m.version(), m.source());
    }

    private static Definition definition(Models.Definition d) {
        return new Definition(d.type(), d.name(), d.data(), d.version(), d.isActive(), d.tags() == null ? List.of() : d.tags());
    }
}
