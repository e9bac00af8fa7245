package dev.almanac.meta;

import dev.almanac.audit.OperationLog;
import dev.almanac.outbox.Outbox;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import dev.almanac.web.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What project metadata was: every value an entry had ({@link #versions}), an entry or a whole
 * project as at a moment ({@code ?as_of=}), and putting an old value back ({@link #restore}).
 */
@Service
public class MetaHistory {
    private final MetaHistoryRepository history;
    private final MetaRepository repository;
    private final Projects projects;
    private final OperationLog operations;
    private final Outbox outbox;
    private final tools.jackson.databind.json.JsonMapper json;

    MetaHistory(MetaHistoryRepository history, MetaRepository repository, Projects projects, OperationLog operations,
            Outbox outbox, tools.jackson.databind.json.JsonMapper json) {
        this.history = history;
        this.repository = repository;
        this.projects = projects;
        this.operations = operations;
        this.outbox = outbox;
        this.json = json;
    }

    /** Newest first; 404 if the project is missing or the key never had a value. */
    @Transactional(readOnly = true)
    public Page<MetaVersion> versions(Caller caller, String projectId, String key, int limit, String cursor) {
        MetaKeys.requireValid(key);
        projects.require(caller.tenantId(), projectId);
        String after = Page.decode(cursor);
        Long before = null;
        if (after != null) {
            try {
                before = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("cursor", "not a cursor returned by this API");
            }
        }
        List<MetaVersion> rows = history.versions(caller.tenantId(), projectId, key, before, limit + 1);
        if (rows.isEmpty() && before == null) throw notFound(projectId, key);
        return Page.of(rows, limit, v -> Long.toString(v.version()));
    }

    @Transactional(readOnly = true)
    public MetaEntry asOf(Caller caller, String projectId, String key, Instant at) {
        MetaKeys.requireValid(key);
        projects.require(caller.tenantId(), projectId);
        return history.asOf(caller.tenantId(), projectId, key, at).orElseThrow(() -> notFound(projectId, key));
    }

    @Transactional(readOnly = true)
    public Page<MetaEntry> listAsOf(Caller caller, String projectId, Instant at, int limit, String cursor) {
        projects.require(caller.tenantId(), projectId);
        return Page.of(history.allAsOf(caller.tenantId(), projectId, at, Page.decode(cursor), limit + 1), limit,
                MetaEntry::key);
    }

    /**
     * Writes the value the entry had at {@code version} as the current one, as a person's value
     * ({@code source=user}): restoring is a person's decision, whatever wrote the value first.
     * 404 for an unknown version, 409 if that version is a deletion; {@code If-Match} honoured.
     */
    @Transactional
    public MetaEntry restore(Caller caller, String projectId, String key, long version, Long expectedVersion) {
        caller.require(Role.WRITER);
        MetaKeys.requireValid(key);
        projects.requireWritable(caller.tenantId(), projectId);
        MetaVersion old = history.revision(caller.tenantId(), projectId, key, version)
                .orElseThrow(() -> ApiException.notFound("Version " + version + " of metadata '" + key + "'"));
        if (old.isDeletion()) {
            throw new ApiException(ErrorCode.CONFLICT, "Version " + version + " of metadata '" + key
                    + "' is a deletion (" + old.change() + "): there is no value to restore");
        }
        var change = new MetaRepository.Change(old.value(), ProjectMetadata.SOURCE_USER, null, null, caller.actor());
        MetaEntry restored = expectedVersion == null
                ? repository.upsert(caller.tenantId(), projectId, key, change).entry()
                : repository.updateIfVersion(caller.tenantId(), projectId, key, expectedVersion, change)
                        .orElseThrow(() -> new ApiException(ErrorCode.PRECONDITION_FAILED,
                                "Metadata '" + key + "' is not at version " + expectedVersion));
        history.recordWrite(caller.tenantId(), projectId, MetaHistoryRepository.RESTORE, restored);
        operations.success(caller, "restore_meta", "meta", key, projectId,
                Map.of("version", restored.version(), "restored_version", version));
        outbox.append(new MetaChanged(caller.tenantId(), projectId, key, restored.version(), restored.asApiJson(json)));
        return restored;
    }

    private static ApiException notFound(String projectId, String key) {
        return ApiException.notFound("Metadata '" + key + "' of project '" + projectId + "'");
    }
}
