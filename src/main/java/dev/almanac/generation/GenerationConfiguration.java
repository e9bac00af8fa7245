package dev.almanac.generation;

import dev.almanac.generation.local.LocalEmbeddings;
import dev.almanac.generation.local.LocalMetadataGenerator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GenerationConfiguration {

    @Bean
    LocalMetadataGenerator localMetadataGenerator(LocalEmbeddings embeddings) {
        return new LocalMetadataGenerator(embeddings);
    }

    /** Health component "generationQueue": the backlog of queued and running jobs. */
    @Bean
    HealthIndicator generationQueueHealthIndicator(Generation generation) {
        return () -> {
            try {
                return Health.up().withDetail("backlog", generation.backlog()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }
}
