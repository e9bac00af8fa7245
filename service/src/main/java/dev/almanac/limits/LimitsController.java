package dev.almanac.limits;

import dev.almanac.tenancy.Tenants;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/admin/tenants/{tenant}/limits}. Only the system key changes limits (a tenant's
 * admin could otherwise raise its own); the tenant's admin may read them. A null field means "the
 * default", and the response shows both the overrides and what is in force.
 */
@RestController
@RequestMapping("/api/admin/tenants/{tenant}/limits")
class LimitsController {
    private final TenantLimits limits;
    private final Tenants tenants;

    LimitsController(TenantLimits limits, Tenants tenants) {
        this.limits = limits;
        this.tenants = tenants;
    }

    record LimitsView(TenantLimits.Overrides overrides, TenantLimits.Effective effective, int generationJobsToday) {}

    @GetMapping
    LimitsView get(Caller caller, @PathVariable String tenant) {
        if (caller.role() != Role.SYSTEM) {
            caller.require(Role.ADMIN);
            if (!caller.tenantId().equals(tenant)) throw ApiException.notFound("Tenant '" + tenant + "'");
        }
        requireTenant(tenant);
        return view(tenant);
    }

    @PutMapping(consumes = "application/json")
    LimitsView put(Caller caller, @PathVariable String tenant, @RequestBody TenantLimits.Overrides overrides) {
        caller.require(Role.SYSTEM);
        requireTenant(tenant);
        if (overrides.requestsPerSecond() != null && overrides.requestsPerSecond() <= 0) {
            throw ApiException.invalidField("requests_per_second", "must be > 0 or null for the default");
        }
        if (overrides.burst() != null && overrides.burst() <= 0) {
            throw ApiException.invalidField("burst", "must be > 0 or null for the default");
        }
        if (overrides.generationJobsPerDay() != null && overrides.generationJobsPerDay() < 0) {
            throw ApiException.invalidField("generation_jobs_per_day", "must be >= 0 or null for the default");
        }
        limits.save(tenant, overrides, caller.actor());
        return view(tenant);
    }

    private void requireTenant(String tenant) {
        if (tenants.find(tenant).isEmpty()) throw ApiException.notFound("Tenant '" + tenant + "'");
    }

    private LimitsView view(String tenant) {
        return new LimitsView(limits.overrides(tenant), limits.of(tenant), limits.generationJobsToday(tenant));
    }
}
