package dev.almanac.config;

import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the application, for code whose behaviour depends on the time (expiry, cut-offs,
 * schedules): injected as {@link InstantSource} rather than read from {@code Instant.now()}, so tests
 * move time instead of sleeping through it.
 */
@Configuration(proxyBeanMethods = false)
class ClockSetup {
    @Bean
    InstantSource clock() {
        return InstantSource.system();
    }
}
