package dev.almanac.search;

import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.Projects;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Loads projects with their metadata through the owning modules' APIs, a tenant's batch at a time. */
@Component
class SearchableProjects {
    private final Projects projects;
    private final ProjectMetadata metadata;

    SearchableProjects(Projects projects, ProjectMetadata metadata) {
        this.projects = projects;
        this.metadata = metadata;
    }

    /** The current state of these projects; ids that do not exist are absent from the result. */
    List<SearchableProject> load(String tenantId, Collection<String> ids) {
        List<Project> found = projects.findAll(tenantId, ids);
        Map<String, List<MetaEntry>> meta = metadata.entriesOf(tenantId, found.stream().map(Project::id).toList());
        List<SearchableProject> out = new ArrayList<>(found.size());
        for (Project p : found) out.add(SearchableProject.of(tenantId, p, meta.getOrDefault(p.id(), List.of())));
        return out;
    }
}
