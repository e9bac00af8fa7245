/** The projects registry (seed ADR-008 {@code projects}): create, read, update, lock, soft-delete. */
@ApplicationModule(allowedDependencies = {"audit", "cache", "outbox", "web"})
@OwnsTables({"projects"})
package dev.almanac.project;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
