/**
 * Cron schedules run once per due time across all instances (claimed in the database); tasks come as
 * beans from the modules that own them, which this module does not know.
 */
@ApplicationModule(allowedDependencies = {"background", "web"})
@OwnsTables({"schedules"})
package dev.almanac.schedule;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
