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
 *
 * @param openai the OpenAI-compatible chat provider "openai" (OpenAI, or Ollama, vLLM, LM Studio by base URL)
 * @param gemini the Gemini provider "gemini"
 * @param circuit the circuit breaker every remote provider has
 * @param rateLimitMaxWait how long a job waits for a rate-limit token before falling through to the next provider
 * @param chainBudget all remote calls of one job (attempts, waits) end within this; cut to three quarters of
 *     the worker's lease (almanac.generation.lease) if longer, or another worker would take the job over
 *     while it still runs
 */
@ConfigurationProperties("almanac.ai")
public record ProviderSettings(
        @DefaultValue Remote openai,
        @DefaultValue Remote gemini,
        @DefaultValue Circuit circuit,
        @DefaultValue("5s") Duration rateLimitMaxWait,
        @DefaultValue("90s") Duration chainBudget) {

    /**
     * @param baseUrl        null: the provider's public endpoint
     * @param model          null: a small current model of the provider
     * @param keyRequired    false for servers that take no key (Ollama, vLLM, LM Studio)
     * @param maxAttempts    HTTP attempts per job before falling through (429, 5xx, timeouts, resets)
     * @param retryBackoff   first pause between attempts, doubled each time, unless Retry-After says more
     * @param maxRetryAfter  a Retry-After longer than this is not waited for: the chain moves on
     * @param timeout        one call's whole exchange
     * @param ratePerMinute  calls per minute to this provider, shared by all instances on the database
     * @param inputCostPerMillionTokens  USD price of input tokens, for a job's cost_usd
     * @param outputCostPerMillionTokens USD price of output tokens, for a job's cost_usd
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

    /**
     * Resilience4j circuit breaker per provider.
     *
     * @param failureRatePercent the circuit opens at this failure rate over the last calls
     * @param windowCalls how many of the last calls count
     * @param minimumCalls fewer calls than this never open it
     * @param openFor how long an open circuit refuses calls before it tries again
     */
    public record Circuit(
            @DefaultValue("50") float failureRatePercent,
            @DefaultValue("10") int windowCalls,
            @DefaultValue("5") int minimumCalls,
            @DefaultValue("60s") Duration openFor) {}
}
