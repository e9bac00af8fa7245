package dev.almanac.limits;

import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.ProblemWriter;
import dev.almanac.web.RetryLater;
import dev.almanac.web.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-tenant request rate for the API, right after authentication decided the tenant. Over the limit:
 * 429 problem+json with {@code Retry-After}. The system key (operators, bootstrap) is not limited.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class RateLimitFilter extends OncePerRequestFilter {
    private final TenantLimits limits;
    private final RequestRateLimiter limiter;

    RateLimitFilter(TenantLimits limits, RequestRateLimiter limiter) {
        this.limits = limits;
        this.limiter = limiter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.defaults().enabled() || !(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        if (caller.role() != Role.SYSTEM) {
            TenantLimits.Effective effective = limits.of(caller.tenantId());
            long waitNanos = limiter.tryAcquire(caller.tenantId(), effective);
            if (waitNanos > 0) {
                long seconds = (waitNanos + 999_999_999L) / 1_000_000_000L;
                ProblemWriter.write(request, response, new RetryLater(ErrorCode.TOO_MANY_REQUESTS,
                        "Tenant '" + caller.tenantId() + "' is over its rate limit of " + effective.requestsPerSecond()
                                + " requests per second (burst " + effective.burst() + ")", seconds));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
