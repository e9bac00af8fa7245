package dev.almanac.outbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * The wire name(s) of a {@link DomainEvent} record, e.g. {@code @EventType("project.created")}. Rows
 * carrying any of the names are read back as the record. The first is the one written, unless the
 * record has a component {@code eventType} (one record for several closely related changes, which
 * learns on reading which name its row carried); the others are then names it may write, or names an
 * earlier version wrote that are still read.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String[] value();

    final class Names {
        private Names() {}

        static List<String> of(Class<?> type) {
            EventType names = type.getAnnotation(EventType.class);
            if (names == null || names.value().length == 0) {
                throw new IllegalStateException(type.getName() + " is a DomainEvent without an @EventType name");
            }
            return List.of(names.value());
        }
    }
}
