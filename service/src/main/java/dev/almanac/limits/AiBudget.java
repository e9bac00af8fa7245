package dev.almanac.limits;

import dev.almanac.web.ErrorCode;
import dev.almanac.web.RetryLater;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The AI budget: how many generation jobs a tenant may request per UTC day. Charged in the
 * transaction that enqueues the job, so a request that fails later (or a rolled-back one) costs
 * nothing, and counted in PostgreSQL so that all instances share one exact count.
 */
@Service
public class AiBudget {
    private final TenantLimits limits;

    AiBudget(TenantLimits limits) {
        this.limits = limits;
    }

    /** Today's (UTC) use of the budget; {@code enforced} false when limits are switched off on this instance. */
    public record Usage(boolean enforced, int generationJobsToday, int generationJobsPerDay) {}

    public Usage usage(String tenantId) {
        return new Usage(limits.defaults().enabled(), limits.generationJobsToday(tenantId), limits.of(tenantId).generationJobsPerDay());
    }

    /** Counts one generation job for the tenant, or refuses with 429 and a Retry-After until the next UTC day. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void chargeGenerationJob(String tenantId) {
        if (!limits.defaults().enabled()) return;
        int perDay = limits.of(tenantId).generationJobsPerDay();
        if (!limits.tryCountGenerationJob(tenantId, perDay)) {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            ZonedDateTime tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC);
            throw new RetryLater(ErrorCode.AI_BUDGET_EXHAUSTED, "Tenant '" + tenantId + "' has used its budget of "
                    + perDay + " generation jobs for today (UTC)", Duration.between(now, tomorrow).toSeconds() + 1);
        }
    }
}
