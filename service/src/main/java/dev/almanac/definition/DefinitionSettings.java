package dev.almanac.definition;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code almanac.definitions.*}. {@code dir} defaults to {@code <data dir>/definitions}
 * ({@code ALMANAC_DEFINITIONS_DIR} to change it). Caching is configured with {@code almanac.cache.*}.
 *
 * @param dir definition files of the fallback chain (<type>/<name>.yaml); default <data dir>/definitions
 */
@ConfigurationProperties("almanac.definitions")
record DefinitionSettings(
        Path dir) {

    Path dirOr(Path dataDir) {
        return dir != null ? dir : dataDir.resolve("definitions");
    }
}
