package dev.almanac.meta;

/**
 * A value people decided for one project and key: {@code accepted} for a value they wrote, edited
 * or accepted from a suggestion; not accepted for a suggestion they rejected. {@code valueJson} is
 * the value as JSON text. The generation module learns from these, one tenant at a time.
 */
public record LabelledValue(String projectId, String valueJson, boolean accepted) {}
