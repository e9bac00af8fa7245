package dev.almanac.generation.provider;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The remote providers this instance offers to tenants ({@code almanac.ai.*}, e.g.
 * {@code ALMANAC_AI_OPENAI_BASEURL}). Tenants pick among {@code openai}, {@code gemini} and
 * {@code local} in their chain but never set URLs: a tenant-chosen URL would receive the
 * instance's API key. Keys are not here: they are read from {@code ALMANAC_OPENAI_API_KEY} and
 * {@code ALMANAC_GEMINI_API_KEY} only (see {@link ProviderChainConfiguration}).
 */
@ConfigurationProperties("almanac.ai")
public record ProviderSettings(
        @DefaultValue Remote openai,
        @DefaultValue Remote gemini,
        @DefaultValue Circuit circuit,
        /** How long a job waits for a rate-limit token before falling through to the next provider. */
        @DefaultValue("5s") Duration rateLimitMaxWait,
        /**
         * All remote calls of one job (attempts, waits) end within this; cut to three quarters of the
         * worker's lease ({@code almanac.generation.lease-seconds}) if longer, or another worker
         * would take the job over while it still runs.
         */
        @DefaultValue("90s") Duration chainBudget) {

    /**
     * @param baseUrl        null: the provider's public endpoint
     * @param model          null: a small current model of the provider
     * @param keyRequired    false for servers that take no key (Ollama, vLLM, LM Studio)
     * @param maxAttempts    HTTP attempts per job before falling through (429, 5xx, timeouts, resets)
     * @param retryBackoff   first pause between attempts, doubled each time, unless Retry-After says more
     * @param maxRetryAfter  a Retry-After longer than this is not waited for: the chain moves on
     */
    public record Remote(
            String baseUrl,
            String model,
            @DefaultValue("true") boolean keyRequired,
            @DefaultValue("30s") Duration timeout,
            @DefaultValue("10") int ratePerMinute,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("1s") Duration retryBackoff,
            @DefaultValue("20s") Duration maxRetryAfter,
            @DefaultValue("0") BigDecimal inputCostPerMillionTokens,
            @DefaultValue("0") BigDecimal outputCostPerMillionTokens) {

        public Remote {
            if (ratePerMinute < 1 || maxAttempts < 1 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("almanac.ai.<provider>: rate-per-minute and max-attempts must be at least 1, "
                        + "timeout positive");
            }
        }
    }

    /** Resilience4j circuit breaker per provider: opens at this failure rate over the last calls. */
    public record Circuit(
            @DefaultValue("50") float failureRatePercent,
            @DefaultValue("10") int windowCalls,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("60s") Duration openFor) {}
}
