package dev.almanac.generation;

import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.Projects;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What a generation run reads about a project: name, description and the metadata people wrote
 * (AI suggestions are left out, so a run never feeds on its own output), cut to the budget
 * (default 4,000 characters, as in the seed). File text will join as another section when files
 * exist: each section is appended in order until the budget is spent.
 */
@Component
class ProjectContent {
    private final Projects projects;
    private final ProjectMetadata metadata;

    ProjectContent(Projects projects, ProjectMetadata metadata) {
        this.projects = projects;
        this.metadata = metadata;
    }

    record Collected(String text, int fullLength) {}

    Collected collect(String tenantId, String projectId, int budget) {
        Project p = projects.require(tenantId, projectId);
        StringBuilder text = new StringBuilder(p.name()).append(".\n");
        if (p.description() != null) text.append(p.description()).append('\n');
        List<MetaEntry> entries = metadata.entriesOf(tenantId, List.of(projectId)).getOrDefault(projectId, List.of());
        for (MetaEntry e : entries) {
            if (!ProjectMetadata.SOURCE_USER.equals(e.source())) continue;
            text.append(e.key()).append(": ").append(e.value()).append('\n');
        }
        int fullLength = text.length();
        String cut = fullLength <= budget ? text.toString() : text.substring(0, budget);
        return new Collected(cut, fullLength);
    }
}
