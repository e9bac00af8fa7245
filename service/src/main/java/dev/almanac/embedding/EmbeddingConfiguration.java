package dev.almanac.embedding;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The local model unless {@code almanac.embedding.provider=openai}
 * ({@code ALMANAC_EMBEDDING_PROVIDER}), with {@code OPENAI_BASE_URL}, {@code OPENAI_API_KEY},
 * {@code ALMANAC_EMBEDDING_MODEL} and {@code ALMANAC_EMBEDDING_DIMENSION}.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddingConfiguration {

    @Bean
    EmbeddingProvider embeddingProvider(
            @Value("${almanac.embedding.provider:local}") String provider,
            @Value("${almanac.embedding.threads:2}") int threads,
            @Value("${OPENAI_BASE_URL:https://api.openai.com/v1}") String baseUrl,
            @Value("${OPENAI_API_KEY:}") String apiKey,
            @Value("${almanac.embedding.model:text-embedding-3-small}") String model,
            @Value("${almanac.embedding.dimension:1536}") int dimension) {
        return switch (provider) {
            case "local" -> new LocalMiniLmEmbeddings(threads);
            case "openai" -> new OpenAiCompatibleEmbeddings(baseUrl, apiKey, model, dimension, Duration.ofSeconds(30));
            default -> throw new IllegalStateException(
                    "almanac.embedding.provider (ALMANAC_EMBEDDING_PROVIDER) must be 'local' or 'openai', not '" + provider + "'");
        };
    }
}
