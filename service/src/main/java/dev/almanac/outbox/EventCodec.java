package dev.almanac.outbox;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns {@link DomainEvent} records into outbox payloads and back. The records are found once, at
 * start, by their {@link EventType} annotation anywhere under {@code dev.almanac}: the outbox knows
 * no module, and a module adds an event by writing the record.
 *
 * <p>Reading is lenient on purpose, unlike the API: a row written by an older version lacks the
 * components added since (they read as null, false or 0), and one written by a newer version may
 * carry components this one does not know (ignored).
 */
@Component
class EventCodec {
    private static final String ROOT_PACKAGE = "dev.almanac";

    private final Map<String, Class<? extends DomainEvent>> byName;
    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    EventCodec() {
        this(scan());
    }

    EventCodec(Map<String, Class<? extends DomainEvent>> byName) {
        this.byName = Map.copyOf(byName);
    }

    String encode(DomainEvent event) {
        if (!byName.containsKey(event.eventType()) || byName.get(event.eventType()) != event.getClass()) {
            throw new IllegalArgumentException("not a registered event: " + event.getClass().getName()
                    + " as " + event.eventType() + " (is it annotated with @EventType under " + ROOT_PACKAGE + "?)");
        }
        return json.writeValueAsString(event);
    }

    DomainEvent decode(String tenantId, String aggregateType, String aggregateId, String eventType, String payload) {
        Class<? extends DomainEvent> type = byName.get(eventType);
        if (type == null) return new UnknownEvent(tenantId, aggregateType, aggregateId, eventType, payload);
        ObjectNode tree = (ObjectNode) json.readTree(payload);
        // The columns fill what a payload leaves out: rows of earlier versions kept the tenant only in
        // its column, and a record with several wire names learns which one it was written under.
        if (!tree.hasNonNull("tenant_id")) tree.put("tenant_id", tenantId);
        if (!tree.hasNonNull("event_type")) tree.put("event_type", eventType);
        return json.treeToValue(tree, type);
    }

    /** Every registered wire name and its record: for tests and documentation. */
    Map<String, Class<? extends DomainEvent>> types() {
        return byName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<? extends DomainEvent>> scan() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(EventType.class));
        Map<String, Class<? extends DomainEvent>> found = new HashMap<>();
        for (var candidate : scanner.findCandidateComponents(ROOT_PACKAGE)) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), EventCodec.class.getClassLoader());
            if (!DomainEvent.class.isAssignableFrom(type) || !type.isRecord()) {
                throw new IllegalStateException(type.getName() + " has @EventType but is not a DomainEvent record");
            }
            for (String name : EventType.Names.of(type)) {
                Class<?> previous = found.put(name, (Class<? extends DomainEvent>) type);
                if (previous != null && previous != type) {
                    throw new IllegalStateException("event type '" + name + "' is claimed by " + previous.getName()
                            + " and " + type.getName());
                }
            }
        }
        return found;
    }
}
