package dev.almanac.stats;

import dev.almanac.audit.OperationLog;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.ProjectStats;
import dev.almanac.project.Projects;
import dev.almanac.web.Caller;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Aggregated figures for the caller's tenant (seed ADR-008 "stats"). Computed live from indexed
 * tables rather than kept in a stats table, so they can never drift from the data.
 */
@RestController
class StatsController {
    private final Projects projects;
    private final ProjectMetadata metadata;
    private final OperationLog operations;

    StatsController(Projects projects, ProjectMetadata metadata, OperationLog operations) {
        this.projects = projects;
        this.metadata = metadata;
        this.operations = operations;
    }

    record Stats(long totalProjects, long activeProjects, long lockedProjects, long deletedProjects, long totalFiles,
            long totalSizeBytes, long totalTables, long totalBuckets, long totalMetaEntries, long operationsLast24h,
            long failedOperationsLast24h) {}

    @GetMapping("/api/stats")
    Stats stats(Caller caller) {
        ProjectStats p = projects.stats(caller.tenantId());
        Instant since = Instant.now().minus(Duration.ofHours(24));
        return new Stats(p.totalProjects(), p.activeProjects(), p.lockedProjects(), p.deletedProjects(), p.totalFiles(),
                p.totalSizeBytes(), p.totalTables(), p.totalBuckets(), metadata.count(caller.tenantId()),
                operations.countSince(caller.tenantId(), since, null),
                operations.countSince(caller.tenantId(), since, "failed"));
    }
}
