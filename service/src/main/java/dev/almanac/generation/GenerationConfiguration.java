package dev.almanac.generation;

import dev.almanac.generation.local.LocalEmbeddings;
import dev.almanac.generation.local.LocalMetadataGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GenerationConfiguration {

    @Bean
    LocalMetadataGenerator localMetadataGenerator(LocalEmbeddings embeddings) {
        return new LocalMetadataGenerator(embeddings);
    }
}
