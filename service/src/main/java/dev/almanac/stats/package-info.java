/** Aggregated figures of a tenant, computed live from the owning modules. */
@ApplicationModule(allowedDependencies = {"audit", "meta", "project", "web"})
package dev.almanac.stats;

import org.springframework.modulith.ApplicationModule;
