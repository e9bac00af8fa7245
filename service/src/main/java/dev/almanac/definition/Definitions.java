package dev.almanac.definition;

import dev.almanac.audit.OperationLog;
import dev.almanac.outbox.Outbox;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import dev.almanac.web.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Definitions: typed, versioned JSON documents per tenant (seed ADR-0002), and the seed's hybrid
 * service. A lookup answers with the first <em>active</em> definition of database → {@link
 * DefinitionRegistry} → definition files, as the seed's {@code load(type, name)} does; deleting a
 * stored definition that overrode a registry or file one therefore brings that one back. When nothing
 * active answers, a stored inactive definition is shown as such, so a deleted definition reads as
 * deleted rather than vanishing.
 *
 * <p>Every write locks the row, appends its version to the history, logs the operation and appends an
 * outbox event in one transaction; writing what is already there changes nothing.
 */
@Service
public class Definitions {
    private final DefinitionRepository repository;
    private final DefinitionRegistry registry;
    private final DefinitionFiles files;
    private final DefinitionCache cache;
    private final TypeSchemas schemas;
    private final OperationLog operations;
    private final Outbox outbox;

    Definitions(DefinitionRepository repository, DefinitionRegistry registry, DefinitionFiles files, DefinitionCache cache,
            TypeSchemas schemas, OperationLog operations, Outbox outbox) {
        this.repository = repository;
        this.registry = registry;
        this.files = files;
        this.cache = cache;
        this.schemas = schemas;
        this.operations = operations;
        this.outbox = outbox;
    }

    /** A PUT body: the whole definition. Absent tags mean none; absent is_active means active. */
    public record Change(JsonNode data, List<String> tags, Boolean isActive) {}

    /** If-Match (a version) or If-None-Match: * (must not exist yet), or neither. */
    public record Precondition(Long expectedVersion, boolean mustNotExist) {
        public static final Precondition NONE = new Precondition(null, false);
    }

    public record WriteResult(Definition definition, boolean created, boolean changed) {}

    /** For other modules: the active definition the fallback chain finds, if any. */
    public Optional<Definition> load(String tenantId, String type, String name) {
        if (!DefinitionNames.isValidType(type) || !DefinitionNames.isValidName(name)) return Optional.empty();
        return Optional.ofNullable(resolve(tenantId, type, name, true)).filter(Definition::isActive);
    }

    public Definition get(Caller caller, String type, String name) {
        DefinitionNames.requireType(type);
        DefinitionNames.requireName(name);
        Definition found = resolve(caller.tenantId(), type, name, true);
        if (found == null) throw ApiException.notFound("Definition '" + type + "/" + name + "'");
        return found;
    }

    /** Stored, registered and file definitions of a type, merged by name with the lookup's precedence. */
    public Page<Definition> list(Caller caller, String type, boolean includeInactive, int limit, String cursor) {
        DefinitionNames.requireType(type);
        String after = Page.decode(cursor);
        List<Definition> stored = repository.list(caller.tenantId(), type, includeInactive, after, limit + 1);
        TreeMap<String, Definition> fallback = new TreeMap<>();
        files.list(type, after).forEach(d -> fallback.put(d.name(), d));
        registry.list(type, after).forEach(d -> fallback.put(d.name(), d));
        fallback.values().removeIf(d -> !d.isActive()); // an exported deleted definition, as a file: absent
        fallback.keySet().removeAll(repository.activeNames(caller.tenantId(), type, List.copyOf(fallback.keySet())));
        TreeMap<String, Definition> merged = new TreeMap<>();
        stored.forEach(d -> merged.put(d.name(), d));
        merged.putAll(fallback); // only names no active stored definition holds are left in it
        // Correct across pages: the first limit+1 merged names never reach past the last stored row fetched.
        return Page.of(merged.values().stream().limit(limit + 1).toList(), limit, Definition::name);
    }

    @Transactional
    public WriteResult put(Caller caller, String type, String name, Change change, Precondition precondition) {
        caller.require(Role.WRITER);
        boolean active = change.isActive() == null || change.isActive();
        return write(caller, new Write(type, name, change.data(), change.tags(), active, Kind.PUT, 1), precondition);
    }

    /** Soft delete: a new, inactive version. Deleting an inactive definition changes nothing. */
    @Transactional
    public void delete(Caller caller, String type, String name, Long expectedVersion) {
        caller.require(Role.WRITER);
        Definition current = lockStored(caller.tenantId(), type, name);
        requireVersion(current, expectedVersion);
        if (!current.isActive()) return;
        write(caller, new Write(type, name, current.data(), current.tags(), false, Kind.DELETE, 1), Precondition.NONE);
    }

    /** A new version holding the data and tags of version {@code version}, active. */
    @Transactional
    public WriteResult rollback(Caller caller, String type, String name, long version, Long expectedVersion) {
        caller.require(Role.WRITER);
        Definition current = lockStored(caller.tenantId(), type, name);
        requireVersion(current, expectedVersion);
        Definition target = repository.version(caller.tenantId(), type, name, version)
                .orElseThrow(() -> ApiException.notFound("Version " + version + " of definition '" + type + "/" + name + "'"));
        return write(caller, new Write(type, name, target.data(), target.tags(), true, Kind.ROLLBACK, 1), Precondition.NONE);
    }

    /** What a write does: its kind decides the stored source, the history entry and the audit name. */
    enum Kind {
        PUT("put", "api", "put_definition"),
        DELETE("delete", "api", "delete_definition"),
        ROLLBACK("rollback", "api", "rollback_definition"),
        IMPORT("import", "migration", "import_definition");

        final String change;
        final String source;
        final String operation;

        Kind(String change, String source, String operation) {
            this.change = change;
            this.source = source;
            this.operation = operation;
        }
    }

    /** {@code versionOnCreate}: 1, except for imports, which keep the exported version number. */
    record Write(String type, String name, JsonNode data, List<String> tags, boolean active, Kind kind,
            long versionOnCreate) {}

    @Transactional
    WriteResult write(Caller caller, Write w, Precondition precondition) {
        String tenant = caller.tenantId();
        DefinitionNames.requireType(w.type());
        DefinitionNames.requireName(w.name());
        List<String> tags = DefinitionNames.requireTags(w.tags());
        if (w.data() == null || w.data().isNull() || w.data().isMissingNode()) {
            throw ApiException.invalidField("data", "required: the definition's JSON document");
        }
        if (w.kind() != Kind.DELETE) validate(tenant, w.type(), w.data());
        var row = new DefinitionRepository.Row(CanonicalJson.of(w.data()), CanonicalJson.checksum(w.data()),
                w.kind().source, w.active(), tags);
        Definition current = repository.findForUpdate(tenant, w.type(), w.name()).orElse(null);
        if (current == null) {
            if (precondition.expectedVersion() != null) {
                throw new ApiException(ErrorCode.PRECONDITION_FAILED, "Definition '" + w.type() + "/" + w.name()
                        + "' is not stored, so it cannot be at version " + precondition.expectedVersion());
            }
            Optional<Definition> inserted = repository.insert(tenant, w.type(), w.name(), w.versionOnCreate(), row, caller.actor());
            if (inserted.isPresent()) return recorded(caller, inserted.get(), w.kind(), true);
            current = repository.findForUpdate(tenant, w.type(), w.name()).orElseThrow(); // lost a race to create it
        }
        if (precondition.mustNotExist()) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED, "Definition '" + w.type() + "/" + w.name() + "' already exists");
        }
        requireVersion(current, precondition.expectedVersion());
        if (current.checksum().equals(row.checksum()) && current.isActive() == w.active() && current.tags().equals(tags)) {
            return new WriteResult(current, false, false);
        }
        return recorded(caller, repository.update(tenant, w.type(), w.name(), row), w.kind(), false);
    }

    private WriteResult recorded(Caller caller, Definition d, Kind kind, boolean created) {
        repository.insertHistory(caller.tenantId(), d, kind.change, caller.actor());
        operations.success(caller, kind.operation, "definition", d.key(), null,
                Map.of("version", d.version(), "checksum", d.checksum(), "change", kind.change, "is_active", d.isActive()));
        outbox.append(DefinitionChanged.of(caller.tenantId(), d, kind.change, created));
        cache.invalidateAfterTransaction(caller.tenantId(), d.type(), d.name());
        return new WriteResult(d, created, true);
    }

    private void validate(String tenantId, String type, JsonNode data) {
        if (TypeSchemas.SCHEMA_TYPE.equals(type)) {
            schemas.requireValidSchema(data);
            return;
        }
        // Uncached: inside this transaction a schema written moments ago (e.g. by the same import) must count.
        Definition schema = resolve(tenantId, TypeSchemas.SCHEMA_TYPE, type, false);
        if (schema != null && schema.isActive()) schemas.validate(type, data, schema);
    }

    private Definition resolve(String tenantId, String type, String name, boolean cached) {
        Definition stored = cached
                ? cache.get(tenantId, type, name, () -> repository.find(tenantId, type, name).orElse(null))
                : repository.find(tenantId, type, name).orElse(null);
        if (stored != null && stored.isActive()) return stored;
        Definition registered = registry.find(type, name);
        if (registered != null) return registered;
        Definition file = files.find(type, name);
        if (file != null && file.isActive()) return file;
        return stored;
    }

    private Definition lockStored(String tenantId, String type, String name) {
        DefinitionNames.requireType(type);
        DefinitionNames.requireName(name);
        return repository.findForUpdate(tenantId, type, name)
                .orElseThrow(() -> ApiException.notFound("Stored definition '" + type + "/" + name + "'"));
    }

    private static void requireVersion(Definition current, Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED, "Definition '" + current.key() + "' is at version "
                    + current.version() + ", not " + expectedVersion);
        }
    }
}
