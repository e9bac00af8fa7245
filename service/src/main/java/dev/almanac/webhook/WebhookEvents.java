package dev.almanac.webhook;

import dev.almanac.definition.DefinitionChanged;
import dev.almanac.generation.JobFinished;
import dev.almanac.meta.MetaChanged;
import dev.almanac.meta.MetaDeleted;
import dev.almanac.meta.SuggestionCreated;
import dev.almanac.outbox.DomainEvent;
import dev.almanac.outbox.OutboxEvent;
import dev.almanac.project.ProjectCreated;
import dev.almanac.project.ProjectDeleted;
import dev.almanac.project.ProjectUpdated;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which outbox events webhooks carry and what their {@code data} is: the resource as the API shows
 * it after the change (a project, a metadata entry with its {@code key} and {@code value}, a job); for
 * a deletion, what identifies what is gone. Events not listed here (files, embeddings, keys) stay inside.
 */
final class WebhookEvents {
    /** The event types a webhook may subscribe to; {@code events} patterns must match at least one. */
    static final List<String> TYPES = List.of("project.created", "project.updated", "project.deleted", "meta.updated",
            "meta.deleted", "suggestion.created", "job.succeeded", "job.failed", "job.cancelled", "definition.created",
            "definition.updated", "definition.deleted");

    private WebhookEvents() {}

    /** What one event becomes on the wire, and the stream whose order it keeps. */
    record Mapped(String type, String stream, String projectId, JsonNode data) {}

    /** Null for events webhooks do not carry. */
    static Mapped map(OutboxEvent e, JsonMapper json) {
        DomainEvent event = e.event();
        return switch (event) {
            case ProjectCreated p -> project(p.eventType(), p.id(), p.project(), json);
            case ProjectUpdated p -> project(p.eventType(), p.id(), p.project(), json);
            case ProjectDeleted p -> project(p.eventType(), p.id(), p.project(), json);
            case MetaChanged m -> project("meta.updated", m.projectId(), withProject(m.entry(), m.projectId(), json), json);
            case SuggestionCreated s -> project(s.eventType(), s.projectId(), withProject(s.entry(), s.projectId(), json), json);
            case MetaDeleted m -> project(m.eventType(), m.projectId(),
                    json.createObjectNode().put("project_id", m.projectId()).put("key", m.key()).put("reason", m.reason()), json);
            case JobFinished j -> project(j.eventType(), j.projectId(), j.job(), json);
            case DefinitionChanged d -> new Mapped(d.eventType(), "definition:" + d.type() + "/" + d.name(), null,
                    json.createObjectNode().put("type", d.type()).put("name", d.name()).put("version", d.version())
                            .put("checksum", d.checksum()).put("is_active", d.isActive()).put("change", d.change()));
            default -> null;
        };
    }

    private static Mapped project(String type, String projectId, JsonNode data, JsonMapper json) {
        return new Mapped(type, "project:" + projectId, projectId, data == null ? json.createObjectNode() : data);
    }

    /** Metadata entries as events carry them may lack their project's id, which a receiver needs. */
    private static JsonNode withProject(JsonNode entry, String projectId, JsonMapper json) {
        if (entry == null) return json.createObjectNode().put("project_id", projectId);
        if (entry instanceof ObjectNode o && !o.has("project_id")) {
            ObjectNode copy = o.deepCopy();
            copy.put("project_id", projectId);
            return copy;
        }
        return entry;
    }

    /** {@code project.*}, {@code *}, or an exact type. */
    static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) return true;
        if (pattern.endsWith(".*")) return type.startsWith(pattern.substring(0, pattern.length() - 1));
        return pattern.equals(type);
    }

    static boolean matchesAny(List<String> patterns, String type) {
        for (String p : patterns) if (matches(p, type)) return true;
        return false;
    }
}
