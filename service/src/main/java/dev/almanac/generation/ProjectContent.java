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
 * (their values only, each as a sentence; AI suggestions are left out, so a run never feeds on its own output), cut to the budget
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
        if (p.description() != null) text.append(asSentence(p.description())).append('\n');
        List<MetaEntry> entries = metadata.entriesOf(tenantId, List.of(projectId)).getOrDefault(projectId, List.of());
        for (MetaEntry e : entries) {
            if (!ProjectMetadata.SOURCE_USER.equals(e.source())) continue;
            // the value only, as a sentence of its own: keys printed as "key: value" became tags
            // ("monthly books category") and summaries that merely echoed the metadata
            String value = e.value();
            if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            } else if (!value.startsWith("[")) {
                continue; // numbers, booleans and objects say nothing a reader would summarize
            }
            // a block of its own (a blank line before): a value is rarely a sentence with a capital,
            // and the sentence splitter would run it into the description
            text.append('\n').append(value.replaceAll("[\\[\\]\"]", " ").strip()).append(".\n");
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

    /**
     * The description ended as a sentence: without a full stop its last words ran into whatever
     * followed (a summary read "... for the finance team controlling.").
     */
    static String asSentence(String description) {
        String d = description.strip();
        if (d.isEmpty() || ".!?:;".indexOf(d.charAt(d.length() - 1)) >= 0) return d;
        return d + ".";
    }
}
