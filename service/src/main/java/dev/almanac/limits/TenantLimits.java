package dev.almanac.limits;

import dev.almanac.cache.CachedLookup;
import dev.almanac.cache.Caches;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The limits in force for each tenant: its overrides over the configured defaults. Cached (read per request). */
@Repository
class TenantLimits {
    private final JdbcClient jdbc;
    private final TenantLimitSettings defaults;
    private final CachedLookup<Overrides> cache;

    TenantLimits(JdbcClient jdbc, TenantLimitSettings defaults, Caches caches) {
        this.jdbc = jdbc;
        this.defaults = defaults;
        this.cache = caches.lookup("tenant-limits", Overrides.class);
    }

    /** What is stored for one tenant; null fields fall back to the defaults. */
    record Overrides(Integer requestsPerSecond, Integer burst, Integer generationJobsPerDay) {
        static final Overrides NONE = new Overrides(null, null, null);
    }

    record Effective(int requestsPerSecond, int burst, int generationJobsPerDay) {}

    TenantLimitSettings defaults() {
        return defaults;
    }

    Effective of(String tenantId) {
        Overrides o = overrides(tenantId);
        return new Effective(
                o.requestsPerSecond() != null ? o.requestsPerSecond() : defaults.requestsPerSecond(),
                o.burst() != null ? o.burst() : defaults.burst(),
                o.generationJobsPerDay() != null ? o.generationJobsPerDay() : defaults.generationJobsPerDay());
    }

    Overrides overrides(String tenantId) {
        Overrides o = cache.get(tenantId, "overrides", () -> jdbc.sql("""
                        SELECT requests_per_second, burst, generation_jobs_per_day FROM tenant_limits WHERE tenant_id = ?
                        """)
                .param(tenantId)
                .query((rs, n) -> new Overrides((Integer) rs.getObject(1), (Integer) rs.getObject(2), (Integer) rs.getObject(3)))
                .optional()
                .orElse(Overrides.NONE));
        return o == null ? Overrides.NONE : o;
    }

    void save(String tenantId, Overrides o, String actor) {
        jdbc.sql("""
                        INSERT INTO tenant_limits (tenant_id, requests_per_second, burst, generation_jobs_per_day, updated_by)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (tenant_id) DO UPDATE SET requests_per_second = EXCLUDED.requests_per_second,
                            burst = EXCLUDED.burst, generation_jobs_per_day = EXCLUDED.generation_jobs_per_day,
                            updated_at = now(), updated_by = EXCLUDED.updated_by
                        """)
                .params(tenantId, o.requestsPerSecond(), o.burst(), o.generationJobsPerDay(), actor)
                .update();
        cache.evict(tenantId, "overrides");
    }

    /** Generation jobs counted today (UTC) for the tenant. */
    int generationJobsToday(String tenantId) {
        return jdbc.sql("""
                        SELECT coalesce(max(generation_jobs), 0) FROM ai_budget_usage
                        WHERE tenant_id = ? AND day = (now() AT TIME ZONE 'UTC')::date
                        """)
                .param(tenantId)
                .query(Integer.class)
                .single();
    }

    /** Counts one more job if the tenant is under {@code limit} today; false when it is not. */
    boolean tryCountGenerationJob(String tenantId, int limit) {
        if (limit <= 0) return false;
        // The row lock taken by the upsert serialises concurrent requests of one tenant: exact count.
        return jdbc.sql("""
                        INSERT INTO ai_budget_usage AS u (tenant_id, day, generation_jobs)
                        VALUES (?, (now() AT TIME ZONE 'UTC')::date, 1)
                        ON CONFLICT (tenant_id, day) DO UPDATE SET generation_jobs = u.generation_jobs + 1
                        WHERE u.generation_jobs < ?
                        RETURNING generation_jobs
                        """)
                .params(tenantId, limit)
                .query(Integer.class)
                .optional()
                .isPresent();
    }
}
