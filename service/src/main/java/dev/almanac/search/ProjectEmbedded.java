package dev.almanac.search;

import dev.almanac.outbox.EventType;
import dev.almanac.project.ProjectEvent;

/**
 * A project's text was (re-)embedded with {@code model} into {@code chunks} vectors: every instance's
 * index picks up the new vectors. The project's row is untouched.
 */
@EventType("project.embedded")
public record ProjectEmbedded(String tenantId, String id, String model, int chunks) implements ProjectEvent {
    @Override
    public String projectId() {
        return id;
    }

    @Override
    public boolean changesProjectRow() {
        return false;
    }
}
