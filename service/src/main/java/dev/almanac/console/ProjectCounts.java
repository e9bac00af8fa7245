package dev.almanac.console;

import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.ProjectStats;
import dev.almanac.project.Projects;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The counts above the projects list, kept per tenant for {@link #MAX_AGE}. Counting is a scan of
 * the tenant's projects and metadata entries (100k projects, 300k entries: ~190 ms of a 200 ms page
 * in bench/RESULTS-console.md), while the list itself is one index range. So, as Django's admin does
 * for big tables, the counts may be a few seconds old; a change made from these pages (create, lock,
 * bulk edit) forgets them at once, so a person sees their own change counted.
 */
@Component
class ProjectCounts {
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    record Counts(ProjectStats stats, long metaEntries, Instant countedAt) {}

    private final Projects projects;
    private final ProjectMetadata metadata;
    private final InstantSource clock;
    // one entry per tenant that opened the list on this instance; tenants are few and made by hand
    private final Map<String, Counts> byTenant = new ConcurrentHashMap<>();

    ProjectCounts(Projects projects, ProjectMetadata metadata, InstantSource clock) {
        this.projects = projects;
        this.metadata = metadata;
        this.clock = clock;
    }

    Counts of(String tenantId) {
        Instant now = clock.instant();
        Counts counts = byTenant.get(tenantId);
        if (counts == null || counts.countedAt().plus(MAX_AGE).isBefore(now) || counts.countedAt().isAfter(now)) {
            counts = new Counts(projects.stats(tenantId), metadata.count(tenantId), now);
            byTenant.put(tenantId, counts);
        }
        return counts;
    }

    void forget(String tenantId) {
        byTenant.remove(tenantId);
    }
}
