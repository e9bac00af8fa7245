package dev.almanac.generation.provider;

import dev.almanac.generation.local.GeneratedMetadata;
import dev.almanac.generation.local.Taxonomy;
import dev.almanac.generation.provider.ProviderFailure.Kind;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a tenant's chain of providers in order until one gives a valid answer. For each remote
 * provider, the response cache first (a hit costs nothing and calls nothing), then
 * {@link GuardedCalls} (circuit breaker, shared rate limit, bounded retries, the job's time budget). A provider that fails, whatever the reason, hands over to the
 * next one; when the last one fails too, {@link AllProvidersFailed} lists every provider's reason.
 */
public class ProviderChain {
    private static final Logger log = LoggerFactory.getLogger(ProviderChain.class);
    public static final Set<String> NAMES = Set.of("openai", "gemini", LocalProvider.NAME);

    private final Map<String, MetadataProvider> providers;
    private final Map<String, ProviderSettings.Remote> remoteSettings;
    private final Map<String, String> notConfigured;
    private final ResponseCache cache;
    private final GuardedCalls calls;
    private final CircuitBreakerRegistry circuits;
    private final Duration chainBudget;
    private final SecretRedactor redactor;
    private final JsonMapper json;
    private final Map<String, LastError> lastErrors = new ConcurrentHashMap<>();

    ProviderChain(Map<String, MetadataProvider> providers, Map<String, ProviderSettings.Remote> remoteSettings,
            Map<String, String> notConfigured, ProviderRateLimits rateLimits, ResponseCache cache,
            CircuitBreakerRegistry circuits, Duration rateLimitMaxWait, Duration chainBudget, SecretRedactor redactor,
            JsonMapper json) {
        this.providers = Map.copyOf(providers);
        this.remoteSettings = Map.copyOf(remoteSettings);
        this.notConfigured = Map.copyOf(notConfigured);
        this.cache = cache;
        this.circuits = circuits;
        this.calls = new GuardedCalls(circuits, rateLimits, rateLimitMaxWait, redactor);
        this.chainBudget = chainBudget;
        this.redactor = redactor;
        this.json = json;
    }

    /** The answer of the first provider that gave one, and what it cost. */
    public record Outcome(GeneratedMetadata metadata, String provider, String model, String promptVersion, int tokens,
            BigDecimal costUsd, boolean cached, List<String> skipped) {}

    /** Every provider of the chain failed; the message names each one's reason (never a secret). */
    public static final class AllProvidersFailed extends RuntimeException {
        private final boolean onlyRateLimited;

        AllProvidersFailed(String message, boolean onlyRateLimited) {
            super(message, null, false, false);
            this.onlyRateLimited = onlyRateLimited;
        }

        /**
         * True when no provider failed, every one only had no rate-limit token free: the job should
         * wait for one rather than spend an attempt (or it would fail while the provider is fine).
         */
        public boolean onlyRateLimited() {
            return onlyRateLimited;
        }
    }

    public Outcome generate(String tenantId, List<String> chain, String text, Taxonomy taxonomy) {
        return generate(tenantId, chain, text, taxonomy, dev.almanac.generation.local.Guidance.NONE);
    }

    /** As above; {@code guidance} (the tenant's labelled examples) goes to the providers that learn. */
    public Outcome generate(String tenantId, List<String> chain, String text, Taxonomy taxonomy,
            dev.almanac.generation.local.Guidance guidance) {
        String inputHash = ResponseCache.inputHash(text, json.writeValueAsString(taxonomy));
        List<String> failures = new ArrayList<>();
        boolean onlyRateLimited = true;
        // remote calls stop when the budget is spent, so a job ends well within its worker's lease
        long deadline = System.nanoTime() + chainBudget.toNanos();
        for (String name : chain) {
            try {
                return attempt(tenantId, name, text, taxonomy, guidance, inputHash, failures, deadline);
            } catch (ProviderFailure f) {
                String reason = name + ": " + redactor.redact(f.getMessage());
                failures.add(reason);
                onlyRateLimited &= f.kind() == Kind.THROTTLED;
                if (f.kind().countsAgainstProvider()) lastErrors.put(name, new LastError(reason, Instant.now()));
                if (f.kind() == Kind.THROTTLED) {
                    log.debug("AI provider {} is at its rate limit, trying the next one", name); // routine while a queue drains
                } else {
                    log.warn("AI provider {} gave no answer, trying the next one: {}", name, reason);
                }
            } catch (RuntimeException e) {
                // e.g. the local model failed to load: the chain still moves on, without the (maybe long) message
                String reason = name + ": failed (" + e.getClass().getSimpleName() + ")";
                failures.add(reason);
                onlyRateLimited = false;
                lastErrors.put(name, new LastError(reason, Instant.now()));
                log.warn("AI provider {} failed: {}", name, e.getClass().getName());
            }
        }
        throw new AllProvidersFailed("all AI providers failed: " + String.join("; ", failures), onlyRateLimited);
    }

    private Outcome attempt(String tenantId, String name, String text, Taxonomy taxonomy,
            dev.almanac.generation.local.Guidance guidance, String inputHash, List<String> failures, long deadline) {
        MetadataProvider provider = providers.get(name);
        if (provider == null) {
            throw new ProviderFailure(Kind.NOT_CONFIGURED,
                    notConfigured.getOrDefault(name, "not a provider (known: openai, gemini, local)"));
        }
        if (!provider.remote()) {
            ProviderAnswer a = provider.generate(text, taxonomy, guidance);
            return new Outcome(a.metadata(), name, provider.model(), provider.promptVersion(), 0, BigDecimal.ZERO, false,
                    List.copyOf(failures));
        }
        var hit = cachedAnswer(tenantId, inputHash, provider);
        if (hit.isPresent()) {
            return new Outcome(hit.get().metadata(), name, provider.model(), provider.promptVersion(), 0, BigDecimal.ZERO,
                    true, List.copyOf(failures));
        }
        ProviderSettings.Remote settings = remoteSettings.get(name);
        ProviderAnswer answer = calls.call(provider, settings, text, taxonomy, deadline);
        remember(tenantId, inputHash, provider, answer);
        return new Outcome(answer.metadata(), name, provider.model(), provider.promptVersion(), answer.tokens(),
                cost(settings, answer), false, List.copyOf(failures));
    }

    /** A cache that cannot be read is a miss: the answer is then paid again, but the job goes on. */
    private java.util.Optional<ResponseCache.Hit> cachedAnswer(String tenantId, String inputHash, MetadataProvider provider) {
        try {
            return cache.find(tenantId, inputHash, provider.promptVersion(), provider.model());
        } catch (RuntimeException e) {
            log.warn("AI response cache not readable ({}); calling {}", e.getClass().getSimpleName(), provider.name());
            return java.util.Optional.empty();
        }
    }

    /** A paid answer is used even if it cannot be cached. */
    private void remember(String tenantId, String inputHash, MetadataProvider provider, ProviderAnswer answer) {
        try {
            cache.put(tenantId, inputHash, provider.promptVersion(), provider.name(), answer);
        } catch (RuntimeException e) {
            log.warn("AI response of {} not cached ({})", provider.name(), e.getClass().getSimpleName());
        }
    }

    private static BigDecimal cost(ProviderSettings.Remote s, ProviderAnswer a) {
        BigDecimal million = BigDecimal.valueOf(1_000_000);
        return s.inputCostPerMillionTokens().multiply(BigDecimal.valueOf(a.inputTokens()))
                .add(s.outputCostPerMillionTokens().multiply(BigDecimal.valueOf(a.outputTokens())))
                .divide(million, 6, RoundingMode.HALF_UP);
    }

    /** True when {@code name} can be put in a chain (it may still be unconfigured on this instance). */
    public static boolean known(String name) {
        return NAMES.contains(name);
    }

    record LastError(String message, Instant at) {}

    /** Per provider: configured or why not, model, circuit state, last failure. For health and the settings API. */
    public Map<String, Map<String, Object>> status() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String name : List.of("openai", "gemini", LocalProvider.NAME)) {
            Map<String, Object> s = new LinkedHashMap<>();
            MetadataProvider p = providers.get(name);
            s.put("configured", p != null);
            if (p == null) {
                s.put("reason", notConfigured.getOrDefault(name, "not configured"));
            } else {
                s.put("model", p.model());
                if (p.remote()) {
                    s.put("circuit", circuits.circuitBreaker(name).getState().name().toLowerCase());
                    s.put("rate_per_minute", remoteSettings.get(name).ratePerMinute());
                }
            }
            LastError last = lastErrors.get(name);
            if (last != null) {
                s.put("last_error", last.message());
                s.put("last_error_at", last.at().toString());
            }
            out.put(name, s);
        }
        return out;
    }
}
