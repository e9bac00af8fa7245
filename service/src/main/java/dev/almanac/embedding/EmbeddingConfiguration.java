package dev.almanac.embedding;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The local model unless {@code almanac.embedding.provider=openai} (see {@link EmbeddingSettings}). */
@Configuration(proxyBeanMethods = false)
class EmbeddingConfiguration {

    @Bean
    EmbeddingProvider embeddingProvider(EmbeddingSettings settings) {
        return switch (settings.provider()) {
            case "openai" -> new OpenAiCompatibleEmbeddings(settings.openaiBaseUrl(), settings.openaiApiKey(),
                    settings.model(), settings.dimension(), Duration.ofSeconds(30));
            default -> new LocalMiniLmEmbeddings(settings.threads());
        };
    }
}
