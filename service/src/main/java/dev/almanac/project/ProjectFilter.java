package dev.almanac.project;

import java.util.List;

/**
 * A list filter another module contributes to {@code GET /api/projects} (e.g. the metadata module's
 * {@code ?meta=} containment filter), so the project module never queries another module's tables.
 */
public interface ProjectFilter {
    /** The query parameter this filter reads. */
    String parameter();

    /** A SQL condition on the projects table aliased {@code p}, with its parameters. */
    Condition toCondition(String tenantId, String value);

    record Condition(String sql, List<Object> params) {}
}
