/**
 * The one DataSource: the external PostgreSQL when configured, otherwise the embedded server it
 * starts, recovers after a crash and stops; the migrations (Flyway keeps {@code flyway_schema_history});
 * the catalogue questions of whole-database tasks ({@link dev.almanac.database.Schema}); database metrics.
 */
@ApplicationModule(allowedDependencies = {"config"})
@OwnsTables({"flyway_schema_history"})
package dev.almanac.database;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
