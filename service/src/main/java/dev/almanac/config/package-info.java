/** Settings shared by several modules (data directory, database, limits) and the instance role. */
@ApplicationModule(allowedDependencies = {})
package dev.almanac.config;

import org.springframework.modulith.ApplicationModule;
