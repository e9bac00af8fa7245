package dev.almanac.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.tenant-limits.*}: the defaults for every tenant; the admin API overrides them per
 * tenant. Requests are limited by a token bucket ({@code requestsPerSecond} refilled, up to
 * {@code burst}); generation jobs by a count per UTC day.
 *
 * @param enabled false: no per-tenant request or generation limits
 * @param requestsPerSecond requests per second per tenant (token bucket refill)
 * @param burst requests a tenant may make at once (bucket size)
 * @param generationJobsPerDay generation jobs a tenant may queue per UTC day
 */
@ConfigurationProperties("almanac.tenant-limits")
record TenantLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1000") int requestsPerSecond,
        @DefaultValue("2000") int burst,
        @DefaultValue("500") int generationJobsPerDay) {

    TenantLimitSettings {
        if (requestsPerSecond <= 0 || burst <= 0 || generationJobsPerDay < 0) {
            throw new IllegalArgumentException("almanac.tenant-limits: requests-per-second and burst must be > 0, "
                    + "generation-jobs-per-day >= 0");
        }
    }
}
