package dev.almanac.generation.provider;

import dev.almanac.generation.GenerationSettings;
import dev.almanac.generation.local.LocalMetadataGenerator;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the providers this instance offers. A remote provider is offered when its key variable is
 * set ({@code ALMANAC_OPENAI_API_KEY}, {@code ALMANAC_GEMINI_API_KEY}) or, for an OpenAI-compatible
 * server that takes no key, when {@code almanac.ai.openai.key-required=false}. Keys are read from
 * the environment (Spring's, so tests can pass them as properties) and handed to the client only.
 */
@Configuration(proxyBeanMethods = false)
class ProviderChainConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ProviderChainConfiguration.class);
    static final String OPENAI_KEY = "ALMANAC_OPENAI_API_KEY";
    static final String GEMINI_KEY = "ALMANAC_GEMINI_API_KEY";

    @Bean
    CircuitBreakerRegistry aiCircuitBreakers(ProviderSettings settings) {
        ProviderSettings.Circuit c = settings.circuit();
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(c.windowCalls())
                .minimumNumberOfCalls(c.minimumCalls())
                .failureRateThreshold(c.failureRatePercent())
                .waitDurationInOpenState(c.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof ProviderFailure f && f.kind().countsAgainstProvider())
                .build());
    }

    @Bean
    ProviderChain providerChain(ProviderSettings settings, GenerationSettings generation, Environment env, LocalMetadataGenerator local,
            DataSource dataSource, JdbcClient jdbc, JsonMapper json, CircuitBreakerRegistry circuits) {
        // a job's remote calls must end while its worker still holds the lease, or a second worker
        // would take the job over mid-call: the budget is cut to three quarters of the lease if needed
        Duration budget = settings.chainBudget();
        Duration leaseBound = generation.lease().multipliedBy(3).dividedBy(4);
        if (budget.compareTo(leaseBound) > 0) {
            log.info("almanac.ai.chain-budget {} s cut to {} s, three quarters of almanac.generation.lease",
                    budget.toSeconds(), leaseBound.toSeconds());
            budget = leaseBound;
        }
        Map<String, MetadataProvider> providers = new HashMap<>();
        Map<String, ProviderSettings.Remote> remote = new HashMap<>();
        Map<String, String> notConfigured = new HashMap<>();
        List<String> secrets = new ArrayList<>();
        providers.put(LocalProvider.NAME, new LocalProvider(local));

        ProviderSettings.Remote openai = settings.openai();
        String openaiKey = env.getProperty(OPENAI_KEY);
        if (present(openaiKey) || !openai.keyRequired()) {
            providers.put("openai", RemoteChatProvider.openAi("openai", or(openai.baseUrl(), "https://api.openai.com/v1"),
                    or(openai.model(), "gpt-4o-mini"), openaiKey, openai.timeout()));
            remote.put("openai", openai);
        } else {
            notConfigured.put("openai", "not configured: set " + OPENAI_KEY);
        }
        ProviderSettings.Remote gemini = settings.gemini();
        String geminiKey = env.getProperty(GEMINI_KEY);
        if (present(geminiKey)) {
            providers.put("gemini", RemoteChatProvider.gemini("gemini",
                    or(gemini.baseUrl(), "https://generativelanguage.googleapis.com/v1beta"),
                    or(gemini.model(), "gemini-2.0-flash"), geminiKey, gemini.timeout()));
            remote.put("gemini", gemini);
        } else {
            notConfigured.put("gemini", "not configured: set " + GEMINI_KEY);
        }
        if (present(openaiKey)) secrets.add(openaiKey);
        if (present(geminiKey)) secrets.add(geminiKey);
        return new ProviderChain(providers, remote, notConfigured, new ProviderRateLimits(dataSource),
                new ResponseCache(jdbc, json), circuits, settings.rateLimitMaxWait(), budget, new SecretRedactor(secrets), json);
    }

    /** Health component "aiProviders": per provider, configured or not, circuit state and last failure. */
    @Bean
    HealthIndicator aiProvidersHealthIndicator(ProviderChain chain) {
        // always UP: the local provider answers whatever the remote ones do; the details say which are degraded
        return () -> Health.up().withDetails(chain.status()).build();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
