package dev.almanac.generation;

import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.ProjectContentSource;
import dev.almanac.project.Projects;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What a generation run reads about a project: name, description and the metadata people wrote
 * (AI suggestions are left out, so a run never feeds on its own output), cut to the budget
 * (default 4,000 characters, as in the seed), then what other modules contribute through
 * {@link ProjectContentSource} (the files' extracted text and table profiles), until the budget is spent.
 */
@Component
class ProjectContent {
    private final Projects projects;
    private final ProjectMetadata metadata;
    private final List<ProjectContentSource> sources;

    ProjectContent(Projects projects, ProjectMetadata metadata, List<ProjectContentSource> sources) {
        this.projects = projects;
        this.metadata = metadata;
        this.sources = sources;
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
        for (ProjectContentSource source : sources) {
            // ask for one character more than fits, so fullLength still tells that the content was cut
            int room = budget - text.length() + 1;
            if (room <= 0) break;
            text.append(source.contentOf(tenantId, projectId, room));
        }
        int fullLength = text.length();
        String cut = fullLength <= budget ? text.toString() : text.substring(0, budget);
        return new Collected(cut, fullLength);
    }
}
