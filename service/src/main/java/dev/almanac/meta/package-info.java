/**
 * Project metadata (seed ADR-001 {@code ProjectMeta}): any JSON value per project and key, versioned
 * for optimistic concurrency, with AI suggestions and their review (accept, reject) and the
 * rejections remembered so a rejected value is not suggested again for the same input, and the
 * history of every entry (versions, as-of reads, restore).
 */
@ApplicationModule(allowedDependencies = {"audit", "cache", "outbox", "project", "web"})
@OwnsTables({"project_meta", "meta_rejections", "project_meta_history"})
package dev.almanac.meta;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
