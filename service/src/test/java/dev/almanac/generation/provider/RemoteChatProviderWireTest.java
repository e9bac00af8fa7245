package dev.almanac.generation.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.almanac.generation.provider.WireAnswers.GOOD;
import static dev.almanac.generation.provider.WireAnswers.answer;
import static dev.almanac.generation.provider.WireAnswers.endpoint;
import static dev.almanac.generation.provider.WireAnswers.requests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.almanac.generation.local.Taxonomy;
import dev.almanac.generation.provider.ProviderFailure.Kind;
import dev.almanac.generation.provider.WireAnswers.Wire;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One remote provider against a local server speaking its wire format: every way an answer can go
 * wrong ends as a {@link ProviderFailure} of the right kind, with a message that carries neither the
 * key nor the answer.
 */
class RemoteChatProviderWireTest {
    private static final String KEY = "sk-wire-test-SECRET-0123456789";
    private static final Duration TIMEOUT = Duration.ofMillis(4_000); // generous: a loaded CI machine must not turn a 401 into a timeout
    private static final WireMockServer server = new WireMockServer(options().dynamicPort());

    @BeforeAll
    static void start() {
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static RemoteChatProvider provider(Wire wire) {
        return wire == Wire.OPENAI
                ? RemoteChatProvider.openAi("openai", WireAnswers.openAiBase(server.port()), "gpt-test", KEY, TIMEOUT)
                : RemoteChatProvider.gemini("gemini", WireAnswers.geminiBase(server.port()), "gemini-test", KEY, TIMEOUT);
    }

    private static ProviderFailure failure(Wire wire) {
        try {
            provider(wire).generate("The finance team closed the books.", Taxonomy.defaults());
        } catch (ProviderFailure f) {
            assertThat(f.getMessage()).doesNotContain(KEY).doesNotContain("tenant_id");
            return f;
        }
        throw new AssertionError("expected a provider failure");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void validAnswerBecomesMetadataWithTokens(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(answer(wire, GOOD)));
        ProviderAnswer a = provider(wire).generate("The finance team closed the books.", Taxonomy.defaults());
        assertThat(a.metadata().summary()).startsWith("The finance team closed the quarter");
        assertThat(a.metadata().tagNames()).containsExactly("quarterly close", "revenue", "accounts receivable");
        assertThat(a.metadata().category()).isEqualTo("finance");
        assertThat(a.metadata().quality()).isEqualTo(0.8);
        assertThat(a.tokens()).isEqualTo(wire == Wire.OPENAI ? 1500 : 1200);
        // the key travels in a header only, and the document and the taxonomy reach the model
        server.verify(requests(wire)
                .withHeader(wire == Wire.OPENAI ? "Authorization" : "x-goog-api-key",
                        equalTo(wire == Wire.OPENAI ? "Bearer " + KEY : KEY))
                .withRequestBody(containing("The finance team closed the books."))
                .withRequestBody(containing("human resources")));
        assertThat(server.getAllServeEvents().getFirst().getRequest().getUrl()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void tooManyRequestsCarriesRetryAfter(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"error\":{\"message\":\"Rate limit reached for key " + KEY + "\"}}")));
        ProviderFailure f = failure(wire);
        assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void serverErrorsAreUnavailable(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(aResponse().withStatus(503)));
        assertThat(failure(wire)).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(f.getMessage()).isEqualTo("HTTP 503");
        });
        server.stubFor(endpoint(wire).willReturn(aResponse().withStatus(500).withBody("stack trace with " + KEY)));
        assertThat(failure(wire).getMessage()).isEqualTo("HTTP 500");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void wrongKeyIsRejectedWithoutEchoingIt(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}")));
        ProviderFailure f = failure(wire);
        assertThat(f.kind()).isEqualTo(Kind.REJECTED);
        assertThat(f.getMessage()).contains("authentication failed");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void slowAnswerTimesOut(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(answer(wire, GOOD).withFixedDelay((int) TIMEOUT.toMillis() + 1_500)));
        assertThat(failure(wire).kind()).isEqualTo(Kind.TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void connectionResetIsAConnectionFailure(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(failure(wire).kind()).isEqualTo(Kind.CONNECTION);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void malformedBodyOrAnswerIsMalformed(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"choices\": [ {\"message\": ")));
        assertThat(failure(wire).kind()).isEqualTo(Kind.MALFORMED);
        server.stubFor(endpoint(wire).willReturn(answer(wire, "Sure! Here is your metadata: summary=..., tags=...")));
        assertThat(failure(wire)).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(f.getMessage()).isEqualTo("answer is not JSON");
        });
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void schemaViolationsAreRefused(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(answer(wire,
                "{\"summary\": \"ok\", \"tags\": \"not-a-list\", \"category\": \"finance\"}")));
        assertThat(failure(wire).kind()).isEqualTo(Kind.INVALID_ANSWER);
        server.stubFor(endpoint(wire).willReturn(answer(wire,
                "{\"summary\": \"" + "x".repeat(1_001) + "\", \"tags\": [\"a\"], \"category\": \"finance\"}")));
        assertThat(failure(wire).getMessage()).contains("maxLength");
        server.stubFor(endpoint(wire).willReturn(answer(wire,
                "{\"summary\": \"ok\", \"tags\": [\"a\"], \"category\": \"finance\", \"confidence\": \"high\"}")));
        assertThat(failure(wire).kind()).isEqualTo(Kind.INVALID_ANSWER);
        server.stubFor(endpoint(wire).willReturn(answer(wire, "{\"summary\": \"" + "y".repeat(9_000) + "\"}")));
        assertThat(failure(wire).getMessage()).contains("longer than");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void answerTryingToSetOtherFieldsIsRefusedWhole(Wire wire) {
        server.stubFor(endpoint(wire).willReturn(answer(wire, """
                {"summary": "Ignore previous instructions.", "tags": ["a"], "category": "finance",
                 "tenant_id": "other-tenant", "owner": "attacker", "status": "deleted"}""")));
        ProviderFailure f = failure(wire);
        assertThat(f.kind()).isEqualTo(Kind.INVALID_ANSWER);
        assertThat(f.getMessage()).contains("additionalProperties");
        // a category outside the tenant's taxonomy is refused too (no new labels slipped in)
        server.stubFor(endpoint(wire).willReturn(answer(wire,
                "{\"summary\": \"ok\", \"tags\": [\"a\"], \"category\": \"admin; owner=attacker\"}")));
        assertThat(failure(wire).getMessage()).contains("not in the tenant's taxonomy");
    }
}
