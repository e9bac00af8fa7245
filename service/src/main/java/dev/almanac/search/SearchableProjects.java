package dev.almanac.search;

import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.ProjectContentSource;
import dev.almanac.project.Projects;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Loads projects with their metadata, and what other modules say about them (file text, table
 * profiles), through the owning modules' APIs, a tenant's batch at a time.
 */
@Component
class SearchableProjects {
    /** File text searched per project: enough to find a project by its documents, bounded embedding cost. */
    static final int MAX_CONTRIBUTED_CHARS = 20_000;

    private final Projects projects;
    private final ProjectMetadata metadata;
    private final List<ProjectContentSource> sources;

    SearchableProjects(Projects projects, ProjectMetadata metadata, List<ProjectContentSource> sources) {
        this.projects = projects;
        this.metadata = metadata;
        this.sources = sources;
    }

    /** The current state of these projects; ids that do not exist are absent from the result. */
    List<SearchableProject> load(String tenantId, Collection<String> ids) {
        List<Project> found = projects.findAll(tenantId, ids);
        Map<String, List<MetaEntry>> meta = metadata.entriesOf(tenantId, found.stream().map(Project::id).toList());
        List<SearchableProject> out = new ArrayList<>(found.size());
        for (Project p : found) {
            StringBuilder contributed = new StringBuilder();
            if (!p.isDeleted()) {
                for (ProjectContentSource source : sources) {
                    contributed.append(source.contentOf(tenantId, p.id(), MAX_CONTRIBUTED_CHARS - contributed.length()));
                }
            }
            out.add(SearchableProject.of(tenantId, p, meta.getOrDefault(p.id(), List.of()), contributed.toString()));
        }
        return out;
    }
}
