package dev.almanac.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.generation.GenerationSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Settings are typed and checked at start, and the names earlier versions read keep working. */
class SettingsValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GenerationSettings.class)
    static class Generation {}

    @Test
    void aValueThatDoesNotFitStopsTheStartNamingTheVariable() {
        new ApplicationContextRunner()
                .withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("systemEnvironment", Map.of("ALMANAC_GENERATION_WORKERS", "0"))))
                .withUserConfiguration(Generation.class)
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    String message = rootMessages(ctx.getStartupFailure());
                    assertThat(message).contains("almanac.generation.workers").contains("ALMANAC_GENERATION_WORKERS")
                            .contains("greater than or equal to 1");
                });
    }

    @Test
    void durationsTakeUnits() {
        new ApplicationContextRunner()
                .withPropertyValues("almanac.generation.lease=2m", "almanac.generation.poll-interval=250ms")
                .withUserConfiguration(Generation.class)
                .run(ctx -> {
                    GenerationSettings s = ctx.getBean(GenerationSettings.class);
                    assertThat(s.lease()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(s.workers()).as("the default").isEqualTo(2);
                });
    }

    @Test
    void anOldNameIsReadWithTheUnitItCarriedAndTheNewNameWins() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "ALMANAC_GENERATION_LEASESECONDS", "90",
                "ALMANAC_SCHEDULES_CLEANUP_JOBRETENTIONDAYS", "7",
                "ALMANAC_SEARCH_QUEUETIMEOUTMS", "1500",
                "ALMANAC_SEARCH_POLLINTERVAL", "50ms",
                "ALMANAC_SEARCH_POLLINTERVALMS", "999",
                "OPENAI_BASE_URL", "http://127.0.0.1:9/v1")));
        new LegacySettingNames(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());
        ConfigurationPropertySources.attach(env); // relaxed names, as in a running application

        assertThat(env.getProperty("almanac.generation.lease")).isEqualTo("90s");
        assertThat(env.getProperty("almanac.schedules.cleanup.job-retention")).isEqualTo("7d");
        assertThat(env.getProperty("almanac.search.queue-timeout")).isEqualTo("1500ms");
        assertThat(env.getProperty("almanac.search.poll-interval")).as("the new name wins").isEqualTo("50ms");
        assertThat(env.getProperty("almanac.embedding.openai-base-url")).isEqualTo("http://127.0.0.1:9/v1");
    }

    @Test
    void withoutOldNamesNothingIsAdded() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("almanac.generation.lease", "3s")));
        int before = env.getPropertySources().size();
        new LegacySettingNames(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getPropertySources().size()).isEqualTo(before);
    }

    private static String rootMessages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) all.append(c.getMessage()).append('\n');
        return all.toString();
    }
}
