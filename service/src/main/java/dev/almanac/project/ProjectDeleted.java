package dev.almanac.project;

import dev.almanac.outbox.EventType;
import tools.jackson.databind.JsonNode;

/** A project was soft-deleted. Listeners run inside the deleting transaction: modules holding content clean up with it. {@code project}: the project as the API showed it after the change. */
@EventType("project.deleted")
public record ProjectDeleted(String tenantId, String id, long version, String status, JsonNode project)
        implements ProjectEvent {
    @Override
    public String projectId() {
        return id;
    }
}
