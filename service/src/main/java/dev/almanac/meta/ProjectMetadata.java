package dev.almanac.meta;

import dev.almanac.audit.OperationLog;
import dev.almanac.cache.CachedLookup;
import dev.almanac.cache.Caches;
import dev.almanac.outbox.Outbox;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import dev.almanac.web.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Project metadata: any JSON value per (project, key), versioned for optimistic concurrency.
 * Writes check the project is writable (not locked, not deleted) and hold its row in share mode
 * until commit, then log the operation and append an outbox event in the same transaction.
 */
@Service
public class ProjectMetadata {
    public static final String SOURCE_USER = "user";
    public static final String SOURCE_AI = "ai";
    /** Values written by a bulk import ({@code POST /api/projects/import}). */
    public static final String SOURCE_IMPORT = "import";
    public static final String SUGGESTED = "suggested";

    private final MetaRepository repository;
    private final MetaRejections rejections;
    private final SuggestionRepository suggestions;
    private final Projects projects;
    private final OperationLog operations;
    private final Outbox outbox;
    private final JsonMapper json;
    private final CachedLookup<MetaEntry> cache;
    private final MetaHistoryRepository history;

    ProjectMetadata(MetaRepository repository, MetaRejections rejections, SuggestionRepository suggestions,
            Projects projects, OperationLog operations, Outbox outbox, JsonMapper json, Caches caches, MetaHistoryRepository history) {
        this.history = history;
        this.cache = caches.lookup("meta", MetaEntry.class);
        this.repository = repository;
        this.rejections = rejections;
        this.suggestions = suggestions;
        this.projects = projects;
        this.operations = operations;
        this.outbox = outbox;
        this.json = json;
    }

    /** How a write is conditioned: on a version (If-Match), on absence (If-None-Match: *), or not at all. */
    public record Precondition(Long expectedVersion, boolean mustNotExist) {
        public static final Precondition NONE = new Precondition(null, false);
    }

    public record PutResult(MetaEntry entry, boolean created) {}

    @Transactional
    public PutResult put(Caller caller, String projectId, String key, JsonNode value, Precondition precondition) {
        return write(caller, projectId, key, value, precondition, SOURCE_USER);
    }

    /** Like an unconditional {@link #put}, but the entry's source says it came from a bulk import. */
    @Transactional
    public PutResult putImported(Caller caller, String projectId, String key, JsonNode value) {
        return write(caller, projectId, key, value, Precondition.NONE, SOURCE_IMPORT);
    }

    /** One value of {@link #putImportedAll}. */
    public record Imported(String projectId, String key, JsonNode value) {}

    /** Whether {@code key} may name a metadata entry (what {@link #put} would otherwise refuse with 400). */
    public static boolean isValidKey(String key) {
        try {
            MetaKeys.requireValid(key);
            return true;
        } catch (ApiException invalid) {
            return false;
        }
    }

    /**
     * {@link #putImported} of many values at once, with one statement per table instead of one per
     * value: the same checks, history rows, operations-log entries and {@code meta.updated} events.
     * All or nothing: a bad key or a project that is not writable refuses the whole call (check keys
     * with {@link #isValidKey} first). Each (project, key) at most once. Returns the entries written,
     * in the order given.
     */
    @Transactional
    public List<MetaEntry> putImportedAll(Caller caller, List<Imported> values) {
        caller.require(Role.WRITER);
        if (values.isEmpty()) return List.of();
        values.forEach(v -> MetaKeys.requireValid(v.key()));
        projects.requireWritableAll(caller.tenantId(), new java.util.LinkedHashSet<>(values.stream().map(Imported::projectId).toList()));
        List<MetaRepository.Keyed> written = repository.upsertAll(caller.tenantId(), values.stream()
                .map(v -> new MetaRepository.KeyedValue(v.projectId(), v.key(), json.writeValueAsString(v.value())))
                .toList(), SOURCE_IMPORT, caller.actor());
        history.recordWrites(caller.tenantId(), MetaHistoryRepository.PUT, written);
        List<dev.almanac.audit.OperationLog.Logged> logged = new java.util.ArrayList<>(written.size());
        List<MetaChanged> events = new java.util.ArrayList<>(written.size());
        for (MetaRepository.Keyed k : written) {
            MetaEntry entry = k.written().entry();
            logged.add(new dev.almanac.audit.OperationLog.Logged("put_meta", "meta", entry.key(), k.projectId(),
                    Map.of("version", entry.version(), "created", k.written().created(), "source", SOURCE_IMPORT)));
            events.add(new MetaChanged(caller.tenantId(), k.projectId(), entry.key(), entry.version(), entry.asApiJson(json)));
        }
        operations.successAll(caller, logged);
        outbox.appendAll(events);
        return written.stream().map(k -> k.written().entry()).toList();
    }

    private PutResult write(Caller caller, String projectId, String key, JsonNode value, Precondition precondition,
            String source) {
        caller.require(Role.WRITER);
        MetaKeys.requireValid(key);
        projects.requireWritable(caller.tenantId(), projectId);
        MetaRepository.Change change = new MetaRepository.Change(json.writeValueAsString(value), source, null, null,
                caller.actor());
        PutResult result;
        if (precondition.mustNotExist()) {
            result = new PutResult(repository.insertIfAbsent(caller.tenantId(), projectId, key, change)
                    .orElseThrow(() -> new ApiException(ErrorCode.PRECONDITION_FAILED, "Metadata '" + key + "' already exists")), true);
        } else if (precondition.expectedVersion() != null) {
            result = new PutResult(repository.updateIfVersion(caller.tenantId(), projectId, key, precondition.expectedVersion(), change)
                    .orElseThrow(() -> stale(caller.tenantId(), projectId, key, precondition.expectedVersion())), false);
        } else {
            MetaRepository.Written written = repository.upsert(caller.tenantId(), projectId, key, change);
            result = new PutResult(written.entry(), written.created());
        }
        history.recordWrite(caller.tenantId(), projectId, MetaHistoryRepository.PUT, result.entry());
        operations.success(caller, "put_meta", "meta", key, projectId, SOURCE_USER.equals(source)
                ? Map.of("version", result.entry().version(), "created", result.created())
                : Map.of("version", result.entry().version(), "created", result.created(), "source", source));
        outbox.append(new MetaChanged(caller.tenantId(), projectId, key, result.entry().version(), result.entry().asApiJson(json)));
        return result;
    }

    /**
     * Stores an AI suggestion ({@code source=ai}, {@code review_status=suggested}) with its
     * provenance. Unless {@code overwriteUserValue} (a forced run), only an absent value or an
     * unreviewed suggestion is replaced: a value a person wrote, imported or accepted stays, and a
     * key rejected for the same {@code provenance.input_hash} is not suggested again. Returns
     * whether the suggestion was stored. Runs inside the caller's transaction.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean putSuggestion(Caller caller, String projectId, String key, JsonNode value, Map<String, ?> provenance,
            boolean overwriteUserValue) {
        return !putSuggestions(caller, projectId, List.of(new NewSuggestion(key, value, provenance)), overwriteUserValue).isEmpty();
    }

    /** One AI value of {@link #putSuggestions}. */
    public record NewSuggestion(String key, JsonNode value, Map<String, ?> provenance) {}

    /**
     * {@link #putSuggestion} for several keys of one project (a generation job's answer): the same
     * rules, rows and events, each in one statement for all the keys instead of one per key (a job
     * made some twenty round trips to the database for its three suggestions). Returns the keys
     * stored, in the order given.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public List<String> putSuggestions(Caller caller, String projectId, List<NewSuggestion> wanted, boolean overwriteUserValue) {
        caller.require(Role.WRITER);
        if (wanted.stream().map(NewSuggestion::key).distinct().count() < wanted.size()) {
            throw new IllegalArgumentException("a key suggested twice in one call");
        }
        wanted.forEach(s -> MetaKeys.requireValid(s.key()));
        projects.requireWritable(caller.tenantId(), projectId);
        Map<String, String> hashes = new LinkedHashMap<>();
        for (NewSuggestion s : wanted) {
            Object inputHash = s.provenance().get("input_hash");
            if (!overwriteUserValue && inputHash != null) hashes.put(s.key(), inputHash.toString());
        }
        var rejected = rejections.rejectedKeys(caller.tenantId(), projectId, hashes);
        List<SuggestionRepository.Keyed> values = wanted.stream()
                .filter(s -> !rejected.contains(s.key()))
                .map(s -> new SuggestionRepository.Keyed(s.key(), new MetaRepository.Change(json.writeValueAsString(s.value()),
                        SOURCE_AI, SUGGESTED, json.writeValueAsString(s.provenance()), caller.actor())))
                .toList();
        // only an absent value or an open suggestion is replaced: values people wrote, imported or accepted stay
        List<MetaRepository.Written> stored = suggestions.putSuggestions(caller.tenantId(), projectId, values, overwriteUserValue);
        history.recordWrites(caller.tenantId(), MetaHistoryRepository.SUGGEST,
                stored.stream().map(w -> new MetaRepository.Keyed(projectId, w)).toList());
        operations.successAll(caller, stored.stream().map(w -> new OperationLog.Logged("put_meta", "meta", w.entry().key(), projectId,
                Map.of("version", w.entry().version(), "created", w.created(), "source", "ai"))).toList());
        outbox.appendAll(stored.stream().map(w -> new SuggestionCreated(caller.tenantId(), projectId, w.entry().key(),
                w.entry().version(), w.entry().asApiJson(json))).toList());
        return stored.stream().map(w -> w.entry().key()).toList();
    }

    /** An AI value nobody has reviewed yet. */
    public static boolean isSuggestion(MetaEntry entry) {
        return SOURCE_AI.equals(entry.source()) && SUGGESTED.equals(entry.reviewStatus());
    }

    // No transaction for one-statement reads: BEGIN/COMMIT would double the database round trips.
    public MetaEntry get(Caller caller, String projectId, String key) {
        MetaKeys.requireValid(key);
        MetaEntry entry = cache.get(caller.tenantId(), cacheKey(projectId, key),
                () -> repository.find(caller.tenantId(), projectId, key).orElse(null));
        if (entry == null) {
            projects.require(caller.tenantId(), projectId); // 404 for the project itself if that is what is missing
            throw ApiException.notFound("Metadata '" + key + "' of project '" + projectId + "'");
        }
        return entry;
    }

    /** Every metadata change (ours, AI suggestions, reviews, clean-ups) is a MetaEvent: evict on each, everywhere. */
    @EventListener
    void onChange(MetaEvent change) {
        cache.evict(change.tenantId(), cacheKey(change.projectId(), change.key()));
    }

    private static String cacheKey(String projectId, String key) {
        return projectId + ":" + key; // project ids have no ':'
    }

    @Transactional(readOnly = true)
    public Page<MetaEntry> list(Caller caller, String projectId, int limit, String cursor) {
        projects.require(caller.tenantId(), projectId);
        return Page.of(repository.list(caller.tenantId(), projectId, Page.decode(cursor), limit + 1), limit, MetaEntry::key);
    }

    @Transactional
    public void delete(Caller caller, String projectId, String key, Long expectedVersion) {
        caller.require(Role.WRITER);
        MetaKeys.requireValid(key);
        projects.requireWritable(caller.tenantId(), projectId);
        MetaEntry deleted = repository.delete(caller.tenantId(), projectId, key, expectedVersion)
                .orElseThrow(() -> expectedVersion == null
                        ? ApiException.notFound("Metadata '" + key + "' of project '" + projectId + "'")
                        : stale(caller.tenantId(), projectId, key, expectedVersion));
        history.recordDeletion(caller.tenantId(), projectId, MetaHistoryRepository.DELETE, deleted, caller.actor());
        operations.success(caller, "delete_meta", "meta", key, projectId, Map.of("version", deleted.version()));
        outbox.append(new MetaDeleted(caller.tenantId(), projectId, key, MetaDeleted.DELETED));
    }

    /** Every entry of these projects, by project id, for modules that index or export metadata. */
    @Transactional(readOnly = true)
    public java.util.Map<String, java.util.List<MetaEntry>> entriesOf(String tenantId, java.util.Collection<String> projectIds) {
        return projectIds.isEmpty() ? java.util.Map.of() : repository.entriesOf(tenantId, projectIds);
    }

    /**
     * The keys any project of the tenant holds a value for, sorted, leaving out open AI suggestions
     * (an export carries values, not proposals): the metadata columns of a CSV export.
     */
    @Transactional(readOnly = true)
    public java.util.List<String> valueKeys(String tenantId) {
        return repository.valueKeys(tenantId);
    }

    /**
     * The values of {@code key} people decided in this tenant, newest first, at most {@code limit}:
     * written, edited or accepted ones, then rejected suggestions (a rejected value that a person
     * later wrote anyway counts only as written). Never another tenant's.
     */
    @Transactional(readOnly = true)
    public java.util.List<LabelledValue> labelled(String tenantId, String key, int limit) {
        var decided = new java.util.ArrayList<>(repository.decided(tenantId, key, limit));
        var written = new java.util.HashSet<String>();
        decided.forEach(v -> written.add(v.projectId() + "\n" + v.valueJson()));
        for (LabelledValue rejected : rejections.rejected(tenantId, key, limit)) {
            if (!written.contains(rejected.projectId() + "\n" + rejected.valueJson())) decided.add(rejected);
        }
        return decided;
    }

    @Transactional(readOnly = true)
    public long count(String tenantId) {
        return repository.count(tenantId);
    }

    private ApiException stale(String tenantId, String projectId, String key, long expected) {
        return repository.find(tenantId, projectId, key)
                .map(e -> new ApiException(ErrorCode.PRECONDITION_FAILED,
                        "Metadata '" + key + "' is at version " + e.version() + ", not " + expected))
                .orElseGet(() -> new ApiException(ErrorCode.PRECONDITION_FAILED, "Metadata '" + key + "' does not exist"));
    }
}
