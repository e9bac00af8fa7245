package dev.almanac.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a mutating endpoint. Successful calls are logged by the module inside its transaction;
 * this annotation lets a failed or denied call be logged under the same operation name.
 *
 * @param operation e.g. {@code update_project}
 * @param resourceType e.g. {@code project}
 * @param resourceIdVariable the path variable holding the resource id ({@code projectId} if empty)
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {
    String operation();

    String resourceType();

    String resourceIdVariable() default "";
}
