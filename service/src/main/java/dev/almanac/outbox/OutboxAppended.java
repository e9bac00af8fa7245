package dev.almanac.outbox;

import java.util.Map;

/**
 * Published in process, inside the writing transaction, for every event appended to the outbox: the
 * one place where every change passes, so modules can react to changes they do not make themselves
 * (e.g. evict a cached project when another module changes its row).
 */
public record OutboxAppended(String tenantId, String aggregateType, String aggregateId, String eventType,
        Map<String, ?> payload) {}
