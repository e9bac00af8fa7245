package dev.almanac.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Definitions the application itself provides (seed: the ObjectQL registry), the second link of the
 * fallback chain: a stored definition of the same type and name wins over these. Other modules
 * register theirs at start-up, e.g. from an {@code ApplicationRunner}. They apply to every tenant.
 */
@Component
public class DefinitionRegistry {
    private final Map<String, ConcurrentSkipListMap<String, Definition>> byType = new ConcurrentHashMap<>();

    public void register(String type, String name, JsonNode data) {
        register(type, name, data, List.of());
    }

    public void register(String type, String name, JsonNode data, List<String> tags) {
        DefinitionNames.requireType(type);
        DefinitionNames.requireName(name);
        JsonNode copy = CanonicalJson.sorted(data); // the caller keeps its node; ours must not change under us
        Definition definition = new Definition(type, name, copy, 0, CanonicalJson.checksum(copy), Definition.FROM_REGISTRY,
                true, null, DefinitionNames.requireTags(tags), null, null, Definition.FROM_REGISTRY);
        byType.computeIfAbsent(type, t -> new ConcurrentSkipListMap<>()).put(name, definition);
    }

    public boolean unregister(String type, String name) {
        var names = byType.get(type);
        return names != null && names.remove(name) != null;
    }

    Definition find(String type, String name) {
        var names = byType.get(type);
        return names == null ? null : names.get(name);
    }

    /** Registered definitions of a type with a name after {@code afterName}, in name order. */
    List<Definition> list(String type, String afterName) {
        var names = byType.get(type);
        if (names == null) return List.of();
        return new ArrayList<>(afterName == null ? names.values() : names.tailMap(afterName, false).values());
    }
}
