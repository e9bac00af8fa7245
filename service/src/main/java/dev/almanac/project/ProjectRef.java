package dev.almanac.project;

/** A project's identity: ids are unique per tenant only. */
public record ProjectRef(String tenantId, String id) {}
