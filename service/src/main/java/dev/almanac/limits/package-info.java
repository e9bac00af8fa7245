/** Per-tenant request rate (token buckets, shared through Redis when configured) and daily AI budget. */
@ApplicationModule(allowedDependencies = {"cache", "tenancy", "web"})
@OwnsTables({"tenant_limits", "ai_budget_usage"})
package dev.almanac.limits;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
