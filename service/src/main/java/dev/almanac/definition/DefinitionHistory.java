package dev.almanac.definition;

import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ArrayNode;

/** Reads of a stored definition's past: its versions, any one of them, the one current at a time, diffs. */
@Service
public class DefinitionHistory {
    private final DefinitionRepository repository;

    DefinitionHistory(DefinitionRepository repository) {
        this.repository = repository;
    }

    /** The types the caller's tenant has stored definitions of (for browsing; registered and file types are not listed). */
    public List<String> storedTypes(Caller caller) {
        return repository.types(caller.tenantId());
    }

    /** Newest first; the cursor is the last version seen. */
    public Page<DefinitionVersion> versions(Caller caller, String type, String name, int limit, String cursor) {
        requireStored(caller, type, name);
        String after = Page.decode(cursor);
        Long before = after == null ? null : parseVersion(after);
        return Page.of(repository.versions(caller.tenantId(), type, name, before, limit + 1), limit,
                v -> Long.toString(v.version()));
    }

    public Definition version(Caller caller, String type, String name, long version) {
        requireStored(caller, type, name);
        return repository.version(caller.tenantId(), type, name, version)
                .orElseThrow(() -> ApiException.notFound("Version " + version + " of definition '" + type + "/" + name + "'"));
    }

    /** The version that was current at {@code at}: the newest one created at or before it. */
    public Definition asOf(Caller caller, String type, String name, Instant at) {
        requireStored(caller, type, name);
        return repository.asOf(caller.tenantId(), type, name, at)
                .orElseThrow(() -> ApiException.notFound("Definition '" + type + "/" + name + "' as of " + at));
    }

    /** RFC 6902 JSON Patch from version {@code from} to version {@code to} (the current one if null). */
    public ArrayNode diff(Caller caller, String type, String name, long from, Long to) {
        Definition current = requireStored(caller, type, name);
        Definition a = version(caller, type, name, from);
        Definition b = to == null ? current : version(caller, type, name, to);
        return JsonPatchDiff.diff(a.data(), b.data());
    }

    private Definition requireStored(Caller caller, String type, String name) {
        DefinitionNames.requireType(type);
        DefinitionNames.requireName(name);
        return repository.find(caller.tenantId(), type, name)
                .orElseThrow(() -> ApiException.notFound("Stored definition '" + type + "/" + name + "'"));
    }

    private static long parseVersion(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("cursor", "not a cursor returned by this API");
        }
    }
}
