package dev.almanac.generation.provider;

import dev.almanac.generation.local.GeneratedMetadata;
import dev.almanac.generation.local.Taxonomy;
import dev.almanac.generation.provider.ProviderFailure.Kind;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;

/**
 * A chat model behind a LangChain4j client: any OpenAI-compatible server (OpenAI, Ollama, vLLM,
 * LM Studio…) or Gemini. One call, no retries here (LangChain4j's are switched off; {@link
 * ProviderChain} retries with Retry-After, the rate limit and the circuit breaker in view). JSON
 * mode is requested, but whatever comes back goes through {@link AnswerValidator}.
 */
final class RemoteChatProvider implements MetadataProvider {
    private final String name;
    private final String model;
    private final ChatModel chat;

    private RemoteChatProvider(String name, String model, ChatModel chat) {
        this.name = name;
        this.model = model;
        this.chat = chat;
    }

    static RemoteChatProvider openAi(String name, String baseUrl, String model, String apiKey, Duration timeout) {
        ChatModel chat = OpenAiChatModel.builder()
                .httpClientBuilder(GuardedHttpClient.builder(timeout))
                .baseUrl(baseUrl)
                .apiKey(apiKey == null || apiKey.isBlank() ? "unused" : apiKey) // Ollama & co. take any key
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0)
                .temperature(0.0)
                .logRequests(false)
                .logResponses(false)
                .build();
        return new RemoteChatProvider(name, model, chat);
    }

    static RemoteChatProvider gemini(String name, String baseUrl, String model, String apiKey, Duration timeout) {
        ChatModel chat = GoogleAiGeminiChatModel.builder()
                .httpClientBuilder(GuardedHttpClient.builder(timeout))
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0)
                .temperature(0.0)
                .logRequestsAndResponses(false)
                .build();
        return new RemoteChatProvider(name, model, chat);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String promptVersion() {
        return ChatPrompt.VERSION;
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public ProviderAnswer generate(String text, Taxonomy taxonomy) {
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(ChatPrompt.system(taxonomy)), UserMessage.from(ChatPrompt.user(text)))
                .responseFormat(ResponseFormat.JSON)
                .build();
        ChatResponse response;
        try {
            response = chat.chat(request);
        } catch (RuntimeException e) {
            ProviderFailure known = ProviderFailure.find(e);
            if (known != null) throw known;
            // the HTTP exchange worked but LangChain4j could not read the wire format
            throw new ProviderFailure(Kind.MALFORMED, "unreadable response (" + e.getClass().getSimpleName() + ")");
        }
        String answer = response == null || response.aiMessage() == null ? null : response.aiMessage().text();
        GeneratedMetadata metadata = AnswerValidator.parse(answer, taxonomy, model);
        TokenUsage usage = response.tokenUsage();
        return new ProviderAnswer(metadata, tokens(usage == null ? null : usage.inputTokenCount()),
                tokens(usage == null ? null : usage.outputTokenCount()));
    }

    private static int tokens(Integer count) {
        return count == null ? 0 : Math.max(0, count);
    }
}
