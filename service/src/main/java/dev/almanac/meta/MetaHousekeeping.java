package dev.almanac.meta;

import dev.almanac.outbox.Outbox;
import dev.almanac.project.ProjectRef;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the scheduled tasks ask of the metadata module: candidates for generation, and cleanup. */
@Service
public class MetaHousekeeping {
    private static final int EXPIRE_BATCH = 500;

    private final SuggestionRepository suggestions;
    private final Outbox outbox;

    MetaHousekeeping(SuggestionRepository suggestions, Outbox outbox) {
        this.suggestions = suggestions;
        this.outbox = outbox;
    }

    /**
     * Active projects with no AI metadata and nothing rejected or expired, after {@code after}
     * (null = from the start) in (tenant, id) order, across all tenants.
     */
    @Transactional(readOnly = true)
    public List<ProjectRef> projectsWithoutAiMetadata(ProjectRef after, int limit) {
        return suggestions.withoutAiMetadata(after == null ? "" : after.tenantId(), after == null ? "" : after.id(), limit);
    }

    /** Deletes one batch of suggestions unreviewed since {@code cutoff}; returns how many (0 = done). */
    @Transactional
    public int expireSuggestions(Instant cutoff) {
        var expired = suggestions.expireSuggestions(cutoff, EXPIRE_BATCH);
        announceDeleted(expired, MetaDeleted.EXPIRED);
        return expired.size();
    }

    /** Removes metadata left behind by projects deleted before {@code cutoff}; returns the rows removed. */
    @Transactional
    public int deleteOrphans(Instant cutoff) {
        var meta = suggestions.deleteMetaOfProjectsDeletedBefore(cutoff);
        // deleted projects stay readable, metadata included: their cached entries must go too
        announceDeleted(meta, MetaDeleted.PURGED);
        return meta.size() + suggestions.deleteRejectionsOfProjectsDeletedBefore(cutoff);
    }

    /** A meta.deleted event per removed entry: the audit trail, and every instance's cache eviction. */
    private void announceDeleted(List<SuggestionRepository.Expired> removed, String reason) {
        for (var e : removed) {
            outbox.append(new MetaDeleted(e.tenantId(), e.projectId(), e.key(), reason));
        }
    }
}
