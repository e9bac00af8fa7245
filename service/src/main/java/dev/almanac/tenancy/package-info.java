/** Tenants, API keys (hashed, one role each) and JWT authentication: who the caller is. */
@ApplicationModule(allowedDependencies = {"audit", "cache", "config", "outbox", "web"})
@OwnsTables({"tenants", "api_keys"})
package dev.almanac.tenancy;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
