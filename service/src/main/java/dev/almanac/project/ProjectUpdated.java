package dev.almanac.project;

import dev.almanac.outbox.EventType;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A project's name, description, settings or status changed ({@code fields}: those the patch named). {@code project}: the project as the API showed it after the change. */
@EventType("project.updated")
public record ProjectUpdated(String tenantId, String id, long version, String status, List<String> fields, JsonNode project)
        implements ProjectEvent {
    @Override
    public String projectId() {
        return id;
    }
}
