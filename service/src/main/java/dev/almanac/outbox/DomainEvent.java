package dev.almanac.outbox;

/**
 * A change other modules, other instances and the outside world (webhooks) may follow. Each event is
 * a record in the module that makes the change, named on the wire by {@link EventType}, appended to
 * the outbox inside the change's own transaction ({@link Outbox#append}) and published in process
 * at the same moment, so an {@code @EventListener} of the record's type runs in that transaction too.
 *
 * <p>Stored as the record's JSON (snake_case) in {@code outbox.payload}; the tenant and aggregate
 * columns come from the accessors below. Add a component freely (older rows read it as null or 0);
 * never rename one or reuse a wire name: rows written by earlier versions are read back.
 */
public interface DomainEvent {
    String tenantId();

    /** What the event is about ({@code project}, {@code definition}, …): with the id, the stream it belongs to. */
    String aggregateType();

    String aggregateId();

    /** The wire name, the first of its class's {@link EventType}; a class with several names picks one. */
    default String eventType() {
        return EventType.Names.of(getClass()).getFirst();
    }
}
