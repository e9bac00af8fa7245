package dev.almanac.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings that earlier versions read under another name keep working: each old name is copied to
 * its new one (a plain number gets the unit the old name carried, "120" under {@code …-seconds}
 * becomes "120s"), with a warning naming the replacement. A value under the new name wins. Deployed
 * environments outlive versions, so a rename must never silently drop a setting.
 */
public class LegacySettingNames implements EnvironmentPostProcessor, Ordered {

    /** An old property name, the new one, and the unit the old name implied ("" when none). */
    public record Rename(String legacy, String current, String unit) {}

    public static final List<Rename> RENAMES = List.of(
            new Rename("almanac.generation.lease-seconds", "almanac.generation.lease", "s"),
            new Rename("almanac.generation.poll-interval-ms", "almanac.generation.poll-interval", "ms"),
            new Rename("almanac.events.poll-interval-ms", "almanac.events.poll-interval", "ms"),
            new Rename("almanac.events.heartbeat-seconds", "almanac.events.heartbeat", "s"),
            new Rename("almanac.events.stream-timeout-minutes", "almanac.events.stream-timeout", "m"),
            new Rename("almanac.schedules.poll-interval-seconds", "almanac.schedules.poll-interval", "s"),
            new Rename("almanac.schedules.nightly-generation.batch-poll-ms", "almanac.schedules.nightly-generation.batch-poll", "ms"),
            new Rename("almanac.schedules.nightly-generation.max-duration-minutes", "almanac.schedules.nightly-generation.max-duration", "m"),
            new Rename("almanac.schedules.cleanup.suggestion-max-age-days", "almanac.schedules.cleanup.suggestion-max-age", "d"),
            new Rename("almanac.schedules.cleanup.deleted-project-retention-days", "almanac.schedules.cleanup.deleted-project-retention", "d"),
            new Rename("almanac.schedules.cleanup.job-retention-days", "almanac.schedules.cleanup.job-retention", "d"),
            new Rename("almanac.search.queue-timeout-ms", "almanac.search.queue-timeout", "ms"),
            new Rename("almanac.search.poll-interval-ms", "almanac.search.poll-interval", "ms"),
            new Rename("almanac.search.compact-after-idle-seconds", "almanac.search.compact-after-idle", "s"),
            new Rename("almanac.outbox.poll-interval-ms", "almanac.outbox.poll-interval", "ms"),
            new Rename("openai.base-url", "almanac.embedding.openai-base-url", ""),
            new Rename("openai.api-key", "almanac.embedding.openai-api-key", ""));

    private final Log log;

    public LegacySettingNames(DeferredLogFactory logs) {
        this.log = logs.getLog(LegacySettingNames.class);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1; // after application.yml and the like are loaded
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        Map<String, Object> copied = new LinkedHashMap<>();
        for (Rename rename : RENAMES) {
            binder.bind(rename.legacy(), String.class).ifBound(value -> {
                if (binder.bind(rename.current(), String.class).isBound()) return;
                String trimmed = value.trim();
                copied.put(rename.current(), trimmed.matches("-?\\d+") ? trimmed + rename.unit() : trimmed);
                log.warn("Setting " + envName(rename.legacy()) + " is deprecated; use " + envName(rename.current())
                        + " (a duration such as 500ms, 30s, 5m, 7d) instead");
            });
        }
        if (!copied.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("almanacLegacySettingNames", copied));
        }
    }

    /** The environment variable a property is set with: {@code almanac.search.max-concurrent} → {@code ALMANAC_SEARCH_MAXCONCURRENT}. */
    public static String envName(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
