package dev.almanac.file;

import dev.almanac.outbox.EventType;
import dev.almanac.project.ProjectEvent;

/**
 * A project's files changed: {@code change} names the operation ({@code upload_file},
 * {@code delete_file}, …, or {@code project_deleted} with the number of {@code files} removed), and
 * {@code fileId} the file when there is one. The project's counters changed with it.
 */
@EventType("project.files_changed")
public record ProjectFilesChanged(String tenantId, String id, String fileId, String change, Integer files)
        implements ProjectEvent {
    @Override
    public String projectId() {
        return id;
    }
}
