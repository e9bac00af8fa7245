package dev.almanac.generation.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.almanac.generation.provider.WireAnswers.GOOD;
import static dev.almanac.generation.provider.WireAnswers.answer;
import static dev.almanac.generation.provider.WireAnswers.endpoint;
import static dev.almanac.generation.provider.WireAnswers.requests;
import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.zaxxer.hikari.HikariDataSource;
import dev.almanac.generation.local.Taxonomy;
import dev.almanac.generation.provider.WireAnswers.Wire;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The provider chain on a real database with both remote providers pointing at a local server that
 * speaks their wire formats: fallback, retries, the circuit breaker, the shared rate limit, the
 * response cache, secrets, and the whole path through the HTTP API with a tenant's own settings.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class ProviderChainContract extends ApiTestBase {
    static final String OPENAI_KEY = "sk-contract-OPENAI-secret-4242";
    static final String GEMINI_KEY = "gm-contract-GEMINI-secret-4242";
    static final String TEXT = "Quarterly close. The finance team closed the quarterly books; revenue grew eight percent.";
    static final WireMockServer wire = new WireMockServer(options().dynamicPort());

    static {
        wire.start();
    }

    @DynamicPropertySource
    static void providersAtTheLocalServer(DynamicPropertyRegistry r) {
        r.add("ALMANAC_OPENAI_API_KEY", () -> OPENAI_KEY);
        r.add("ALMANAC_GEMINI_API_KEY", () -> GEMINI_KEY);
        r.add("almanac.ai.openai.base-url", () -> WireAnswers.openAiBase(wire.port()));
        r.add("almanac.ai.gemini.base-url", () -> WireAnswers.geminiBase(wire.port()));
        r.add("almanac.ai.openai.model", () -> "gpt-test");
        r.add("almanac.ai.gemini.model", () -> "gemini-test");
        for (String p : List.of("openai", "gemini")) {
            r.add("almanac.ai." + p + ".timeout", () -> "10s"); // timeouts are tested on the wire; a busy test machine must not cause one here
            r.add("almanac.ai." + p + ".rate-per-minute", () -> "100000"); // the limit itself is tested below
            r.add("almanac.ai." + p + ".retry-backoff", () -> "50ms");
            r.add("almanac.ai." + p + ".max-retry-after", () -> "3s");
        }
        r.add("almanac.ai.openai.input-cost-per-million-tokens", () -> "0.15");
        r.add("almanac.ai.openai.output-cost-per-million-tokens", () -> "0.60");
        r.add("almanac.ai.circuit.window-calls", () -> "4");
        r.add("almanac.ai.circuit.minimum-calls", () -> "4");
        r.add("almanac.generation.max-attempts", () -> "1");
        r.add("almanac.generation.poll-interval", () -> "100ms");
    }

    @Autowired
    ProviderChain chain;

    @Autowired
    CircuitBreakerRegistry circuits;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void freshProviders() {
        wire.resetAll();
        circuits.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    private static int calls(Wire w) {
        return wire.countRequestsMatching(requests(w).build()).getCount();
    }

    @Test
    void fallsThroughToTheNextProviderAfterRetries() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withStatus(503)));
        wire.stubFor(endpoint(Wire.GEMINI).willReturn(answer(Wire.GEMINI, GOOD)));

        var outcome = chain.generate(tenant, List.of("openai", "gemini", "local"), TEXT, Taxonomy.defaults());

        assertThat(outcome.provider()).isEqualTo("gemini");
        assertThat(outcome.model()).isEqualTo("gemini-test");
        assertThat(outcome.tokens()).isEqualTo(1200);
        assertThat(outcome.cached()).isFalse();
        assertThat(outcome.skipped()).containsExactly("openai: HTTP 503 after 3 attempts");
        assertThat(calls(Wire.OPENAI)).isEqualTo(3); // max-attempts, not more
        assertThat(calls(Wire.GEMINI)).isEqualTo(1);
    }

    @Test
    void waitsAsRetryAfterAsksWithinItsBound() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("free"));
        wire.stubFor(endpoint(Wire.OPENAI).inScenario("busy").whenScenarioStateIs("free").willReturn(answer(Wire.OPENAI, GOOD)));

        var outcome = chain.generate(tenant, List.of("openai", "local"), TEXT, Taxonomy.defaults());
        assertThat(outcome.provider()).isEqualTo("openai");
        assertThat(calls(Wire.OPENAI)).isEqualTo(2);
        var served = wire.getAllServeEvents(); // newest first
        long gapMillis = served.get(0).getRequest().getLoggedDate().getTime() - served.get(1).getRequest().getLoggedDate().getTime();
        assertThat(gapMillis).isGreaterThanOrEqualTo(900);

        // a Retry-After past the bound is not waited for: the chain moves on at once
        wire.resetAll();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        wire.stubFor(endpoint(Wire.GEMINI).willReturn(answer(Wire.GEMINI, GOOD)));
        var moved = chain.generate(tenant, List.of("openai", "gemini"), TEXT + " Again.", Taxonomy.defaults());
        assertThat(moved.provider()).isEqualTo("gemini");
        assertThat(calls(Wire.OPENAI)).isEqualTo(1);
        assertThat(moved.skipped().getFirst()).contains("HTTP 429").contains("Retry-After 3600 s is longer than the 3 s");
    }

    @Test
    void withEveryProviderFailingTheErrorNamesEachReason() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wire.stubFor(endpoint(Wire.GEMINI).willReturn(answer(Wire.GEMINI,
                "{\"summary\": \"s\", \"tags\": [\"t\"], \"category\": \"finance\", \"owner\": \"attacker\"}")));

        assertThatThrownBy(() -> chain.generate(tenant, List.of("openai", "gemini"), TEXT, Taxonomy.defaults()))
                .isInstanceOf(ProviderChain.AllProvidersFailed.class)
                .hasMessageStartingWith("all AI providers failed: ")
                .hasMessageContaining("openai: connection failed")
                .hasMessageContaining("gemini: answer violates the schema")
                .message().doesNotContain(OPENAI_KEY).doesNotContain(GEMINI_KEY).doesNotContain("attacker");
        assertThat(calls(Wire.GEMINI)).isEqualTo(1); // an invalid answer is not asked for again
        assertThat(catchThrowableOfType(ProviderChain.AllProvidersFailed.class,
                () -> chain.generate(tenant, List.of("openai"), TEXT + " again", Taxonomy.defaults())).onlyRateLimited())
                .as("a real failure spends an attempt").isFalse();
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndTheProviderIsSkipped() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withStatus(500)));
        wire.stubFor(endpoint(Wire.GEMINI).willReturn(answer(Wire.GEMINI, GOOD)));
        List<String> openaiThenGemini = List.of("openai", "gemini");

        chain.generate(tenant, openaiThenGemini, TEXT + " 1", Taxonomy.defaults()); // 3 failed calls: below the minimum of 4
        assertThat(circuits.circuitBreaker("openai").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        var second = chain.generate(tenant, openaiThenGemini, TEXT + " 2", Taxonomy.defaults()); // the 4th opens it
        assertThat(circuits.circuitBreaker("openai").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(second.skipped().getFirst()).contains("circuit open");
        assertThat(calls(Wire.OPENAI)).isEqualTo(4);

        var third = chain.generate(tenant, openaiThenGemini, TEXT + " 3", Taxonomy.defaults());
        assertThat(third.provider()).isEqualTo("gemini");
        assertThat(third.skipped()).containsExactly("openai: circuit open after repeated failures, skipped");
        assertThat(calls(Wire.OPENAI)).isEqualTo(4); // not called at all

        JsonNode health = anonymous.get("/actuator/health").json().get("components").get("aiProviders");
        assertThat(health.get("status").asString()).isEqualTo("UP"); // local still answers
        assertThat(health.get("details").get("openai").get("circuit").asString()).isEqualTo("open");
        assertThat(health.get("details").get("openai").get("last_error").asString()).contains("HTTP 500");
        assertThat(health.get("details").get("gemini").get("circuit").asString()).isEqualTo("closed");
        assertThat(health.get("details").get("local").get("configured").asBoolean()).isTrue();
    }

    @Test
    void sameInputIsAnsweredFromTheCacheWithoutASecondCall() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(answer(Wire.OPENAI, GOOD)));

        var first = chain.generate(tenant, List.of("openai"), TEXT, Taxonomy.defaults());
        var second = chain.generate(tenant, List.of("openai"), TEXT, Taxonomy.defaults());
        assertThat(first.cached()).isFalse();
        assertThat(first.tokens()).isEqualTo(1500);
        assertThat(first.costUsd()).isEqualByComparingTo(new BigDecimal("0.000360")); // 1200 × 0.15 + 300 × 0.60 per million
        assertThat(second.cached()).isTrue();
        assertThat(second.tokens()).isZero();
        assertThat(second.metadata()).isEqualTo(first.metadata());
        assertThat(calls(Wire.OPENAI)).isEqualTo(1);

        // another taxonomy is another question; another tenant never sees this tenant's answers
        var otherTaxonomy = new Taxonomy(List.of(new Taxonomy.Category("finance", "money"),
                new Taxonomy.Category("gardening", "plants")), 0.2);
        assertThat(chain.generate(tenant, List.of("openai"), TEXT, otherTaxonomy).cached()).isFalse();
        assertThat(chain.generate(newTenant().id(), List.of("openai"), TEXT, Taxonomy.defaults()).cached()).isFalse();
        assertThat(calls(Wire.OPENAI)).isEqualTo(3);
    }

    @Test
    void remoteCallsStopWhenTheJobsTimeBudgetIsSpent() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        var settings = new ProviderSettings.Remote(null, null, true, Duration.ofSeconds(1), 1000, 5, Duration.ofMillis(50),
                Duration.ofSeconds(10), BigDecimal.ZERO, BigDecimal.ZERO);
        var tight = openAiOnlyChain(settings, Duration.ofSeconds(2));

        assertThatThrownBy(() -> tight.generate(tenant, List.of("openai"), TEXT, Taxonomy.defaults()))
                .hasMessageContaining("openai: HTTP 429 (rate limited) after 1 attempts; no time left in the job's budget");
        assertThat(calls(Wire.OPENAI)).isEqualTo(1); // 5 attempts allowed, but 2 s of Retry-After + a 1 s call do not fit in 2 s
    }

    @Test
    void callsThroughTheChainNeverExceedTheProvidersRate() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(answer(Wire.OPENAI, GOOD).withFixedDelay(200)));
        String provider = "openai";
        int perMinute = 3; // no other test uses this rate, and the rate is part of the bucket's key: a fresh bucket
        var settings = new ProviderSettings.Remote(null, null, true, Duration.ofSeconds(10), perMinute, 1, Duration.ofMillis(50),
                Duration.ofSeconds(10), BigDecimal.ZERO, BigDecimal.ZERO);
        var limited = openAiOnlyChain(settings, Duration.ofSeconds(60));
        long start = System.nanoTime();
        int answered = 0;
        int throttled = 0;
        for (int i = 0; i < 6; i++) {
            try {
                limited.generate(tenant, List.of(provider), TEXT + " #" + i + " " + UUID.randomUUID(), Taxonomy.defaults());
                answered++;
            } catch (ProviderChain.AllProvidersFailed e) {
                assertThat(e.getMessage()).contains("rate limit of " + perMinute + "/min reached");
                assertThat(e.onlyRateLimited()).as("the job waits for a token instead of failing").isTrue();
                throttled++;
            }
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        // one at once, then one per 20 s (the chain waits at most 100 ms for one): the rest never reached the server
        assertThat(calls(Wire.OPENAI)).isEqualTo(answered).isBetween(1, 1 + (int) Math.floor(minutes * perMinute));
        assertThat(throttled).isEqualTo(6 - answered);
    }

    @Test
    void withRemoteProvidersDownTheLocalProviderAnswers() {
        String tenant = newTenant().id();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wire.stubFor(endpoint(Wire.GEMINI).willReturn(aResponse().withStatus(503)));
        var outcome = chain.generate(tenant, List.of("openai", "gemini", "local"),
                "The finance team closed the quarterly books. Revenue grew eight percent while operating expenses fell. "
                        + "Accounts receivable were reconciled against supplier invoices.", Taxonomy.defaults());
        assertThat(outcome.provider()).isEqualTo("local");
        assertThat(outcome.model()).isEqualTo("all-MiniLM-L6-v2-q");
        assertThat(outcome.metadata().category()).isEqualTo("finance");
        assertThat(outcome.skipped()).hasSize(2);
        assertThat(calls(Wire.OPENAI)).isEqualTo(3);
        assertThat(calls(Wire.GEMINI)).isEqualTo(3);
    }

    /** A chain of the OpenAI provider alone, with settings of the test's choosing, on the service's database. */
    private ProviderChain openAiOnlyChain(ProviderSettings.Remote settings, Duration budget) {
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        return new ProviderChain(
                java.util.Map.of("openai", RemoteChatProvider.openAi("openai", WireAnswers.openAiBase(wire.port()), "gpt-test",
                        OPENAI_KEY, settings.timeout())),
                java.util.Map.of("openai", settings), java.util.Map.of(), new ProviderRateLimits(dataSource),
                new ResponseCache(org.springframework.jdbc.core.simple.JdbcClient.create(dataSource), json),
                CircuitBreakerRegistry.ofDefaults(), Duration.ofMillis(100), budget, new SecretRedactor(List.of()), json);
    }

    @Test
    void rateLimitIsOneBudgetForEveryInstanceOnTheDatabase() throws Exception {
        // two limiters with their own connection pools stand for two service instances
        HikariDataSource own = dataSource.unwrap(HikariDataSource.class);
        try (HikariDataSource second = new HikariDataSource()) {
            second.setJdbcUrl(own.getJdbcUrl());
            second.setUsername(own.getUsername());
            second.setPassword(own.getPassword());
            second.setMaximumPoolSize(2);
            var instanceA = new ProviderRateLimits(dataSource);
            var instanceB = new ProviderRateLimits(second);
            String provider = "test-" + UUID.randomUUID();
            int perMinute = 3;
            long start = System.nanoTime();
            int granted = 0;
            for (int i = 0; i < 10; i++) {
                if (instanceA.tryAcquire(provider, perMinute)) granted++;
                if (instanceB.tryAcquire(provider, perMinute)) granted++;
            }
            double minutes = (System.nanoTime() - start) / 60e9;
            // one token, plus one per 20 s while we asked: no burst, whichever instance asks
            assertThat(granted).isBetween(1, 1 + (int) Math.floor(minutes * perMinute));
            // waiting for a token is bounded: past it the provider counts as throttled
            assertThatThrownBy(() -> instanceB.acquire(provider, perMinute, Duration.ofMillis(100)))
                    .isInstanceOf(ProviderFailure.class).hasMessageContaining("rate limit of 3/min reached");
        }
    }

    @Test
    void tenantChainPointingAtTheServerGeneratesThroughTheApi() {
        var t = newTenant();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(answer(Wire.OPENAI, GOOD)));
        Api.Response put = t.admin().put("/api/settings/ai", """
                {"chain": ["openai", "local"], "input_budget_chars": 300,
                 "taxonomy": {"categories": [{"label": "finance", "description": "money and accounting"},
                                             {"label": "gardening", "description": "plants, soil and seeds"}]}}""");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("chain").toString()).isEqualTo("[\"openai\",\"local\"]");

        String description = "The finance team closed the quarterly books. " + "Revenue grew. ".repeat(60);
        String id = aProject().named("Quarterly close").describedAs(description).createdBy(t.writer());
        JsonNode job = awaitJob(t.reader(), t.writer().post("/api/projects/" + id + "/generate_metadata/", null)
                .json().get("job_id").asString(), "succeeded");
        assertThat(job.get("provider").asString()).isEqualTo("openai");
        assertThat(job.get("model").asString()).isEqualTo("gpt-test");
        assertThat(job.get("prompt_version").asString()).isEqualTo("chat-v1");
        assertThat(job.get("tokens").asInt()).isEqualTo(1500);
        assertThat(job.get("cost_usd").decimalValue()).isEqualByComparingTo("0.00036");
        assertThat(job.get("cached").asBoolean()).isFalse();
        assertThat(job.get("content_length").asInt()).isGreaterThan(300);
        // the tenant's taxonomy went to the model, and only the budget of the content
        wire.verify(requests(Wire.OPENAI).withRequestBody(containing("gardening")));
        String sent = wire.getAllServeEvents().getFirst().getRequest().getBodyAsString();
        assertThat(sent).doesNotContain("Revenue grew. ".repeat(30));

        JsonNode summary = t.reader().get("/api/projects/" + id + "/meta/summary").json();
        assertThat(summary.get("value").asString()).startsWith("The finance team closed the quarter with revenue up");
        assertThat(summary.get("source").asString()).isEqualTo("ai");
        assertThat(summary.get("provenance").get("provider").asString()).isEqualTo("openai");
        assertThat(summary.get("provenance").get("model").asString()).isEqualTo("gpt-test");
        assertThat(t.reader().get("/api/projects/" + id + "/meta/tags").json().get("value").toString())
                .isEqualTo("[\"quarterly close\",\"revenue\",\"accounts receivable\"]");

        // the same content in another project: answered from the cache, visible in the job record
        String twin = aProject().named("Quarterly close").describedAs(description).createdBy(t.writer());
        JsonNode cached = awaitJob(t.reader(), t.writer().post("/api/projects/" + twin + "/generate_metadata/", null)
                .json().get("job_id").asString(), "succeeded");
        assertThat(cached.get("cached").asBoolean()).isTrue();
        assertThat(cached.get("provider").asString()).isEqualTo("openai");
        assertThat(cached.get("tokens").asInt()).isZero();
        assertThat(calls(Wire.OPENAI)).isEqualTo(1);
    }

    @Test
    void jobFailsWithEachProvidersReasonWhenAllFail() {
        var t = newTenant();
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withStatus(503)));
        wire.stubFor(endpoint(Wire.GEMINI).willReturn(aResponse().withStatus(200).withBody("<html>not json</html>")));
        assertThat(t.admin().put("/api/settings/ai", "{\"chain\": [\"openai\", \"gemini\"]}").status()).isEqualTo(200);
        String id = aProject().describedAs(TEXT).createdBy(t.writer());
        JsonNode job = awaitJob(t.reader(), t.writer().post("/api/projects/" + id + "/generate_metadata/", null)
                .json().get("job_id").asString(), "failed");
        assertThat(job.get("error").asString())
                .contains("all AI providers failed")
                .contains("openai: HTTP 503 after 3 attempts")
                .contains("gemini: unreadable response");
        assertThat(t.reader().get("/api/projects/" + id + "/meta/summary").status()).isEqualTo(404);
    }

    @Test
    void keysNeverAppearInLogsErrorsJobsOrHealth(CapturedOutput output) {
        var t = newTenant();
        String echo = "{\"error\": {\"message\": \"Incorrect API key provided: " + OPENAI_KEY + " / " + GEMINI_KEY + "\"}}";
        wire.stubFor(endpoint(Wire.OPENAI).willReturn(aResponse().withStatus(401).withBody(echo)));
        wire.stubFor(endpoint(Wire.GEMINI).willReturn(aResponse().withStatus(500).withBody(echo)));
        t.admin().put("/api/settings/ai", "{\"chain\": [\"openai\", \"gemini\"]}");
        String id = aProject().describedAs(TEXT).createdBy(t.writer());
        String jobId = t.writer().post("/api/projects/" + id + "/generate_metadata/", null).json().get("job_id").asString();
        JsonNode job = awaitJob(t.reader(), jobId, "failed");
        assertThat(job.get("error").asString()).contains("openai: HTTP 401 (authentication failed");

        String everything = output.getAll() + job + anonymous.get("/actuator/health").body()
                + t.admin().get("/api/settings/ai").body() + t.admin().get("/api/operations").body();
        assertThat(everything).doesNotContain(OPENAI_KEY).doesNotContain(GEMINI_KEY);
        assertThat(output.getAll()).contains("AI provider openai gave no answer"); // the logs were captured
    }

    @Test
    void settingsAreAdminOnlyValidatedAndCanSwitchGenerationOff() {
        var t = newTenant();
        JsonNode defaults = t.admin().get("/api/settings/ai").json();
        assertThat(defaults.get("enabled").asBoolean()).isTrue();
        assertThat(defaults.get("chain").toString()).isEqualTo("[\"local\"]");
        assertThat(defaults.get("input_budget_chars").asInt()).isEqualTo(4000);
        assertThat(defaults.get("taxonomy").get("categories").size()).isGreaterThan(5);
        assertThat(defaults.get("providers").get("openai").get("configured").asBoolean()).isTrue();
        assertThat(t.writer().get("/api/settings/ai").status()).isEqualTo(403);
        assertThat(t.writer().put("/api/settings/ai", "{\"chain\": [\"local\"]}").status()).isEqualTo(403);

        for (String bad : List.of("{\"chain\": [\"openai\", \"evil\"]}", "{\"chain\": []}", "{\"chain\": [\"local\", \"local\"]}",
                "{\"input_budget_chars\": 10}", "{\"chain\": \"local\"}", "{\"base_url\": \"http://attacker\"}",
                "{\"taxonomy\": {\"categories\": [{\"label\": \"a\"}, {\"label\": \"A\"}]}}",
                "{\"taxonomy\": {\"categories\": [{\"label\": \"" + "x".repeat(65) + "\"}]}}",
                "{\"taxonomy\": {\"categories\": []}}")) {
            Api.Response r = t.admin().put("/api/settings/ai", bad);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
        }
        assertThat(t.admin().get("/api/settings/ai").json()).isEqualTo(defaults); // nothing half-written

        String id = aProject().describedAs(TEXT).createdBy(t.writer());
        assertThat(t.admin().put("/api/settings/ai", "{\"enabled\": false}").status()).isEqualTo(200);
        Api.Response refused = t.writer().post("/api/projects/" + id + "/generate_metadata/", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("switched off for this tenant");
        // another tenant is not affected
        var other = newTenant();
        String otherId = aProject().describedAs(TEXT).createdBy(other.writer());
        assertThat(other.writer().post("/api/projects/" + otherId + "/generate_metadata/", null).status()).isEqualTo(202);
    }

    static JsonNode awaitJob(Api api, String jobId, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/jobs/" + jobId).json().get("status").asString().equals(status));
        return api.get("/api/jobs/" + jobId).json();
    }
}
