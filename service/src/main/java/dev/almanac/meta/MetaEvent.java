package dev.almanac.meta;

import dev.almanac.project.ProjectEvent;

/** A change to one metadata entry of a project. The project's row is left alone (only share-locked). */
public sealed interface MetaEvent extends ProjectEvent permits MetaChanged, MetaDeleted, SuggestionCreated {
    String key();

    @Override
    default boolean changesProjectRow() {
        return false;
    }
}
