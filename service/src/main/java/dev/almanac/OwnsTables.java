package dev.almanac;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a module's {@code package-info.java}: the tables that module owns. Only the owner's SQL names
 * them; every other module goes through the owner's Java API or follows its events. Checked by
 * {@code architecture/TableOwnershipTest} against every SQL text in the module and every table the
 * migrations create.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface OwnsTables {
    String[] value();
}
