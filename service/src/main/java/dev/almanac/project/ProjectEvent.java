package dev.almanac.project;

import dev.almanac.outbox.DomainEvent;

/**
 * An event about one project: its row, its metadata, its files, its embeddings, its generation jobs.
 * They form one stream per project (aggregate {@code project}), which the search index, the
 * webhooks and the caches follow.
 */
public interface ProjectEvent extends DomainEvent {
    String AGGREGATE = "project";

    String projectId();

    @Override
    default String aggregateType() {
        return AGGREGATE;
    }

    @Override
    default String aggregateId() {
        return projectId();
    }

    /** Whether the change touched the project's own row (fields or counters): cached copies of the row go. */
    default boolean changesProjectRow() {
        return true;
    }
}
