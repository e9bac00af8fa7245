package dev.almanac.definition;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.definitions.*}. {@code dir} defaults to {@code <data dir>/definitions}
 * ({@code ALMANAC_DEFINITIONS_DIR} to change it). The cache bounds: reads are served from it, and
 * {@code cacheTtl} caps how stale an entry can be should an invalidation from another instance be lost.
 */
@ConfigurationProperties("almanac.definitions")
record DefinitionSettings(
        Path dir,
        @DefaultValue("10000") long cacheSize,
        @DefaultValue("10m") Duration cacheTtl) {

    Path dirOr(Path dataDir) {
        return dir != null ? dir : dataDir.resolve("definitions");
    }
}
