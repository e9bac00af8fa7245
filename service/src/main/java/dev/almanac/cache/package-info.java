/**
 * Two-level caching (Caffeine in process, Redis when configured) with cross-instance invalidation;
 * knows no feature module. Owns no table: its state lives in memory and in Redis.
 */
@ApplicationModule(allowedDependencies = {})
package dev.almanac.cache;

import org.springframework.modulith.ApplicationModule;
