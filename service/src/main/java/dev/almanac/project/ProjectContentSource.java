package dev.almanac.project;

/**
 * Text a module holds about a project beyond its own fields (e.g. the extracted text and table
 * profiles of its files), for modules that read a project as a whole: AI generation and search.
 * Lives here, beside the project, so readers need not know which modules contribute.
 */
public interface ProjectContentSource {

    /**
     * Plain text about the project, at most {@code maxChars} characters, empty when there is none.
     * Must be deterministic for the same stored state: generation hashes it to decide whether
     * metadata is current.
     */
    String contentOf(String tenantId, String projectId, int maxChars);
}
