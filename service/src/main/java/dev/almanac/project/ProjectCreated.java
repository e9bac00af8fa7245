package dev.almanac.project;

import dev.almanac.outbox.EventType;
import tools.jackson.databind.JsonNode;

/** A project was registered. {@code project}: the project as the API showed it after the change. */
@EventType("project.created")
public record ProjectCreated(String tenantId, String id, long version, String status, JsonNode project)
        implements ProjectEvent {
    @Override
    public String projectId() {
        return id;
    }
}
