package dev.almanac.meta;

import dev.almanac.outbox.Outbox;
import dev.almanac.project.ProjectRef;
import dev.almanac.project.Projects;
import java.util.ArrayList;
import java.util.Set;
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
    private final Projects projects;

    /** Projects looked at per query when walking all of them (the project table is the project module's). */
    private static final int SCAN_PAGE = 500;

    private final MetaHistoryRepository history;

    MetaHousekeeping(SuggestionRepository suggestions, Outbox outbox, Projects projects, MetaHistoryRepository history) {
        this.history = history;
        this.projects = projects;
        this.suggestions = suggestions;
        this.outbox = outbox;
    }

    /**
     * Active projects with no AI metadata and nothing rejected or expired, after {@code after}
     * (null = from the start) in (tenant, id) order, across all tenants.
     */
    @Transactional(readOnly = true)
    public List<ProjectRef> projectsWithoutAiMetadata(ProjectRef after, int limit) {
        List<ProjectRef> found = new ArrayList<>();
        ProjectRef cursor = after;
        while (found.size() < limit) {
            List<ProjectRef> page = projects.scanActive(cursor, SCAN_PAGE);
            if (page.isEmpty()) break;
            Set<ProjectRef> covered = suggestions.withAiHistory(page);
            for (ProjectRef p : page) {
                if (!covered.contains(p)) found.add(p);
                if (found.size() == limit) break;
            }
            cursor = page.getLast();
        }
        return found;
    }

    /** Deletes one batch of suggestions unreviewed since {@code cutoff}; returns how many (0 = done). */
    @Transactional
    public int expireSuggestions(Instant cutoff) {
        var expired = suggestions.expireSuggestions(cutoff, EXPIRE_BATCH);
        history.recordExpired(expired);
        announceDeleted(expired, MetaDeleted.EXPIRED);
        return expired.size();
    }

    /** Removes metadata left behind by projects deleted before {@code cutoff}; returns the rows removed. */
    @Transactional
    public int deleteOrphans(Instant cutoff) {
        int removed = 0;
        ProjectRef after = null;
        for (List<ProjectRef> page; !(page = projects.scanDeletedBefore(cutoff, after, SCAN_PAGE)).isEmpty(); after = page.getLast()) {
            var meta = suggestions.deleteMetaOf(page);
            history.deleteOf(page);
            // deleted projects stay readable, metadata included: their cached entries must go too
            announceDeleted(meta, MetaDeleted.PURGED);
            removed += meta.size() + suggestions.deleteRejectionsOf(page);
        }
        return removed;
    }

    /** A meta.deleted event per removed entry: the audit trail, and every instance's cache eviction. */
    private void announceDeleted(List<SuggestionRepository.Expired> removed, String reason) {
        for (var e : removed) {
            outbox.append(new MetaDeleted(e.tenantId(), e.projectId(), e.key(), reason));
        }
    }
}
