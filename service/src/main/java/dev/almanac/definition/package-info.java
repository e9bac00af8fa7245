/**
 * Definitions (seed ADR-0002): typed, versioned JSON documents per tenant with full history, diff,
 * rollback, JSON-Schema types, a fallback chain (database, registry, files) and export/import.
 */
@ApplicationModule(allowedDependencies = {"audit", "cache", "config", "outbox", "web"})
@OwnsTables({"sys_metadata", "sys_metadata_history"})
package dev.almanac.definition;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
