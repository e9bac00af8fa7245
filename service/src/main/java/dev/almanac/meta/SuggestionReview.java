package dev.almanac.meta;

import dev.almanac.audit.OperationLog;
import dev.almanac.outbox.Outbox;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's review of AI suggestions. Accepting keeps the value, its {@code source=ai} and its
 * provenance, and sets {@code review_status=accepted}: from then on a run that is not forced leaves
 * it alone, and a person's write replaces it like any other value. Rejecting deletes the value and
 * remembers (key, input hash), so the next run on the same input does not suggest it again.
 */
@Service
public class SuggestionReview {
    private final SuggestionRepository suggestions;
    private final MetaRejections rejections;
    private final Projects projects;
    private final OperationLog operations;
    private final Outbox outbox;
    private final JsonMapper json;
    private final MetaHistoryRepository history;
    private final MetaRepository repository;

    SuggestionReview(SuggestionRepository suggestions, MetaRejections rejections, Projects projects,
            OperationLog operations, Outbox outbox, JsonMapper json, MetaHistoryRepository history, MetaRepository repository) {
        this.history = history;
        this.repository = repository;
        this.suggestions = suggestions;
        this.rejections = rejections;
        this.projects = projects;
        this.operations = operations;
        this.outbox = outbox;
        this.json = json;
    }

    @Transactional
    public MetaEntry accept(Caller caller, String projectId, String key, Long expectedVersion) {
        caller.require(Role.WRITER);
        MetaEntry entry = requireSuggestion(caller, projectId, key, expectedVersion);
        return accepted(caller, projectId, entry);
    }

    /**
     * Accepts a suggestion after a person changed it: the edited value is written as theirs
     * ({@code source=user}, no review status, no provenance), replacing the suggestion.
     */
    @Transactional
    public MetaEntry acceptEdited(Caller caller, String projectId, String key, JsonNode value, Long expectedVersion) {
        caller.require(Role.WRITER);
        MetaEntry entry = requireSuggestion(caller, projectId, key, expectedVersion);
        MetaEntry edited = repository.updateIfVersion(caller.tenantId(), projectId, key, entry.version(),
                        new MetaRepository.Change(json.writeValueAsString(value), ProjectMetadata.SOURCE_USER, null, null,
                                caller.actor()))
                .orElseThrow(); // the row is locked since requireSuggestion: its version cannot have moved
        history.recordWrite(caller.tenantId(), projectId, MetaHistoryRepository.EDIT_ACCEPT, edited);
        operations.success(caller, "accept_meta", "meta", key, projectId, Map.of("version", edited.version(), "edited", true));
        outbox.append(new MetaChanged(caller.tenantId(), projectId, key, edited.version(), edited.asApiJson(json)));
        return edited;
    }

    /** The review inbox: open suggestions across the caller's tenant, by project and key, and their total. */
    @Transactional(readOnly = true)
    public Inbox inbox(Caller caller, int limit) {
        return new Inbox(suggestions.openSuggestions(caller.tenantId(), limit), suggestions.countOpenSuggestions(caller.tenantId()));
    }

    public record Inbox(List<Suggestion> items, long total) {}

    /**
     * The value each suggestion would replace, as JSON text: the newest value that was not itself an
     * open suggestion (written, imported or accepted). Suggestions with nothing before them (or whose
     * value was deleted) are absent from the map.
     */
    @Transactional(readOnly = true)
    public Map<Suggestion, String> decidedValues(Caller caller, List<Suggestion> open) {
        Map<String, String> byPair = history.decidedValues(caller.tenantId(), open.stream().map(Suggestion::projectId).toList(),
                open.stream().map(s -> s.entry().key()).toList());
        Map<Suggestion, String> values = new java.util.HashMap<>();
        for (Suggestion s : open) {
            String value = byPair.get(MetaHistoryRepository.pairKey(s.projectId(), s.entry().key()));
            if (value != null) values.put(s, value);
        }
        return values;
    }

    /** Accepts every open suggestion of the project; returns the accepted entries (none is fine). */
    @Transactional
    public List<MetaEntry> acceptAll(Caller caller, String projectId) {
        caller.require(Role.WRITER);
        projects.requireWritable(caller.tenantId(), projectId);
        List<MetaEntry> done = new ArrayList<>();
        for (MetaEntry entry : suggestions.suggestionsForUpdate(caller.tenantId(), projectId)) {
            done.add(accepted(caller, projectId, entry));
        }
        return done;
    }

    @Transactional
    public void reject(Caller caller, String projectId, String key, Long expectedVersion) {
        caller.require(Role.WRITER);
        MetaEntry entry = requireSuggestion(caller, projectId, key, expectedVersion);
        String inputHash = entry.provenance() == null ? null
                : json.readTree(entry.provenance()).path("input_hash").asString(null);
        suggestions.delete(caller.tenantId(), projectId, key);
        history.recordDeletion(caller.tenantId(), projectId, MetaHistoryRepository.REJECT, entry, caller.actor());
        rejections.remember(caller.tenantId(), projectId, key, inputHash, entry.value(), "rejected", caller.actor());
        operations.success(caller, "reject_meta", "meta", key, projectId,
                Map.of("version", entry.version(), "input_hash", inputHash == null ? MetaRejections.UNKNOWN_INPUT : inputHash));
        outbox.append(new MetaDeleted(caller.tenantId(), projectId, key, MetaDeleted.REJECTED));
    }

    private MetaEntry accepted(Caller caller, String projectId, MetaEntry entry) {
        MetaEntry accepted = suggestions.accept(caller.tenantId(), projectId, entry.key(), caller.actor());
        history.recordWrite(caller.tenantId(), projectId, MetaHistoryRepository.ACCEPT, accepted);
        operations.success(caller, "accept_meta", "meta", entry.key(), projectId, Map.of("version", accepted.version()));
        outbox.append(new MetaChanged(caller.tenantId(), projectId, entry.key(), accepted.version(), accepted.asApiJson(json)));
        return accepted;
    }

    /** 404 if project or key is missing, 412 on a stale If-Match, 409 if the value is not an open suggestion. */
    private MetaEntry requireSuggestion(Caller caller, String projectId, String key, Long expectedVersion) {
        MetaKeys.requireValid(key);
        projects.requireWritable(caller.tenantId(), projectId);
        MetaEntry entry = suggestions.findForUpdate(caller.tenantId(), projectId, key)
                .orElseThrow(() -> ApiException.notFound("Metadata '" + key + "' of project '" + projectId + "'"));
        if (expectedVersion != null && entry.version() != expectedVersion) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED,
                    "Metadata '" + key + "' is at version " + entry.version() + ", not " + expectedVersion);
        }
        if (!ProjectMetadata.isSuggestion(entry)) {
            throw new ApiException(ErrorCode.CONFLICT, "Metadata '" + key + "' is not an open AI suggestion (source "
                    + entry.source() + ", review_status " + entry.reviewStatus() + ")");
        }
        return entry;
    }
}
