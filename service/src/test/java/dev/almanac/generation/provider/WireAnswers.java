package dev.almanac.generation.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What OpenAI's {@code POST /chat/completions} and Gemini's {@code POST /models/{m}:generateContent}
 * answer on the wire, with the model's text inside, for WireMock stubs.
 */
final class WireAnswers {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String GOOD = """
            {"summary": "The finance team closed the quarter with revenue up eight percent.",
             "tags": ["Quarterly Close", "revenue", "accounts receivable", "revenue"],
             "category": "finance", "confidence": 0.9, "quality": 0.8}""";

    enum Wire { OPENAI, GEMINI }

    private WireAnswers() {}

    static MappingBuilder endpoint(Wire wire) {
        return wire == Wire.OPENAI ? post(urlPathEqualTo("/v1/chat/completions"))
                : post(urlPathMatching("/v1beta/models/[^/]+:generateContent"));
    }

    static RequestPatternBuilder requests(Wire wire) {
        return wire == Wire.OPENAI ? RequestPatternBuilder.newRequestPattern(
                        com.github.tomakehurst.wiremock.http.RequestMethod.POST, urlPathEqualTo("/v1/chat/completions"))
                : RequestPatternBuilder.newRequestPattern(com.github.tomakehurst.wiremock.http.RequestMethod.POST,
                        urlPathMatching("/v1beta/models/[^/]+:generateContent"));
    }

    /** A 200 whose model text is {@code content}, with token usage. */
    static ResponseDefinitionBuilder answer(Wire wire, String content) {
        Object body = wire == Wire.OPENAI
                ? Map.of("id", "chatcmpl-1", "object", "chat.completion", "created", 1_700_000_000, "model", "gpt-test",
                        "choices", java.util.List.of(Map.of("index", 0, "finish_reason", "stop",
                                "message", Map.of("role", "assistant", "content", content))),
                        "usage", Map.of("prompt_tokens", 1200, "completion_tokens", 300, "total_tokens", 1500))
                : Map.of("candidates", java.util.List.of(Map.of("index", 0, "finishReason", "STOP",
                                "content", Map.of("role", "model", "parts", java.util.List.of(Map.of("text", content))))),
                        "usageMetadata", Map.of("promptTokenCount", 1000, "candidatesTokenCount", 200, "totalTokenCount", 1200),
                        "modelVersion", "gemini-test");
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(body));
    }

    static String openAiBase(int port) {
        return "http://127.0.0.1:" + port + "/v1";
    }

    static String geminiBase(int port) {
        return "http://127.0.0.1:" + port + "/v1beta";
    }
}
