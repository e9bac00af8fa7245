package dev.almanac.embedding;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code almanac.embedding.*}: the model that turns text into vectors for search and generation.
 *
 * @param provider "local" (all-MiniLM-L6-v2 in process, no key) or "openai" (any OpenAI-compatible
 *     /v1/embeddings endpoint)
 * @param threads inference threads of the local model
 * @param openaiBaseUrl base URL of the OpenAI-compatible embeddings API (also read from OPENAI_BASE_URL)
 * @param openaiApiKey its key (also read from OPENAI_API_KEY); never logged or shown
 * @param model embedding model asked of the OpenAI-compatible API
 * @param dimension length of that model's vectors
 */
@Validated
@ConfigurationProperties("almanac.embedding")
record EmbeddingSettings(
        @DefaultValue("local") @Pattern(regexp = "local|openai", message = "must be 'local' or 'openai'") String provider,
        @DefaultValue("2") @Min(1) int threads,
        @DefaultValue("https://api.openai.com/v1") String openaiBaseUrl,
        @DefaultValue("") String openaiApiKey,
        @DefaultValue("text-embedding-3-small") String model,
        @DefaultValue("1536") @Min(1) int dimension) {

    @Override
    public String toString() { // the key must not reach a log line through a toString
        return "EmbeddingSettings[provider=" + provider + ", threads=" + threads + ", model=" + model + "]";
    }
}
