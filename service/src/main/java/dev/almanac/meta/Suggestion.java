package dev.almanac.meta;

/** An open AI suggestion and the project it is for, as the review inbox lists it. */
public record Suggestion(String projectId, MetaEntry entry) {}
