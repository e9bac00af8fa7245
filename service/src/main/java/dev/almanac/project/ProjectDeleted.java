package dev.almanac.project;

/** Published inside the transaction that soft-deletes a project; modules holding content clean up after commit. */
public record ProjectDeleted(String tenantId, String projectId) {}
