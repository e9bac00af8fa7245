package dev.almanac.generation.provider;

import dev.almanac.generation.local.Taxonomy;
import dev.almanac.generation.provider.ProviderFailure.Kind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote provider's calls for one job, each attempt in this order: the job's time budget (no
 * room for another call: stop), the circuit breaker (open: skipped without a call), the shared rate
 * limit (no token in time: skipped), the call. Retryable failures (429, 5xx, timeouts, resets) are
 * tried again up to {@code maxAttempts}, after the server's {@code Retry-After} if it sent one
 * (longer than {@code maxRetryAfter}: give up at once) or after a doubling backoff. Every attempt's
 * outcome, invalid answers included, feeds the circuit breaker.
 */
final class GuardedCalls {
    private static final Logger log = LoggerFactory.getLogger(GuardedCalls.class);

    private final CircuitBreakerRegistry circuits;
    private final ProviderRateLimits rateLimits;
    private final Duration rateLimitMaxWait;
    private final SecretRedactor redactor;

    GuardedCalls(CircuitBreakerRegistry circuits, ProviderRateLimits rateLimits, Duration rateLimitMaxWait,
            SecretRedactor redactor) {
        this.circuits = circuits;
        this.rateLimits = rateLimits;
        this.rateLimitMaxWait = rateLimitMaxWait;
        this.redactor = redactor;
    }

    ProviderAnswer call(MetadataProvider provider, ProviderSettings.Remote settings, String text,
            Taxonomy taxonomy, long deadline) {
        CircuitBreaker circuit = circuits.circuitBreaker(provider.name());
        Duration backoff = settings.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            if (System.nanoTime() + settings.timeout().toNanos() > deadline) {
                throw new ProviderFailure(Kind.OUT_OF_TIME, attempt == 1
                        ? "skipped: the job's time budget for remote calls is spent"
                        : "gave up after " + (attempt - 1) + " attempts: the job's time budget for remote calls is spent");
            }
            if (!circuit.tryAcquirePermission()) {
                throw new ProviderFailure(Kind.CIRCUIT_OPEN, "circuit open after repeated failures, skipped");
            }
            try {
                rateLimits.acquire(provider.name(), settings.ratePerMinute(), rateLimitMaxWait);
            } catch (ProviderFailure throttled) {
                circuit.releasePermission();
                throw throttled;
            }
            long start = System.nanoTime();
            try {
                ProviderAnswer answer = provider.generate(text, taxonomy);
                circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return answer;
            } catch (ProviderFailure f) {
                circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, f);
                if (!f.kind().retryable() || attempt >= settings.maxAttempts()) throw after(f, attempt);
                Duration pause = f.retryAfter() != null ? f.retryAfter() : backoff;
                if (pause.compareTo(settings.maxRetryAfter()) > 0) {
                    throw new ProviderFailure(f.kind(), f.getMessage() + ", Retry-After " + pause.toSeconds()
                            + " s is longer than the " + settings.maxRetryAfter().toSeconds() + " s we wait");
                }
                if (System.nanoTime() + pause.toNanos() + settings.timeout().toNanos() > deadline) {
                    throw new ProviderFailure(f.kind(), f.getMessage() + " after " + attempt
                            + " attempts; no time left in the job's budget to wait and retry");
                }
                log.info("AI provider {} attempt {} failed ({}); retrying in {} ms", provider.name(), attempt,
                        redactor.redact(f.getMessage()), pause.toMillis());
                sleep(pause);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private static ProviderFailure after(ProviderFailure f, int attempts) {
        return attempts == 1 ? f : new ProviderFailure(f.kind(), f.getMessage() + " after " + attempts + " attempts");
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure(Kind.CONNECTION, "interrupted while waiting to retry");
        }
    }
}
