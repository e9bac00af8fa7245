package dev.almanac.file;

import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code almanac.files.*} ({@code ALMANAC_FILES_MAXUPLOADSIZE} …) and {@code almanac.backup.*}.
 *
 * @param maxUploadSize largest file accepted (413 past it)
 * @param stagingTtl expiry of a staged upload without {@code expires_in}
 * @param maxStagingTtl longest {@code expires_in} accepted
 * @param cleanupInterval how often expired staged files are deleted
 * @param extractMaxSize files larger than this are stored but neither extracted nor profiled
 * @param extractMaxChars cap of the extracted text kept per file
 * @param reconcileGrace content younger than this is never called orphaned (its upload may still commit)
 * @param testPauseBeforeCommit TEST HOOK ONLY: pause between placing content and committing its row,
 *     so the crash test can kill the JVM in that window; zero (the default) in every real deployment
 */
@ConfigurationProperties("almanac.files")
public record FileSettings(
        @DefaultValue("1GB") DataSize maxUploadSize,
        @DefaultValue("24h") Duration stagingTtl,
        @DefaultValue("30d") Duration maxStagingTtl,
        @DefaultValue("5m") Duration cleanupInterval,
        @DefaultValue("50MB") DataSize extractMaxSize,
        @DefaultValue("100000") int extractMaxChars,
        @DefaultValue("1h") Duration reconcileGrace,
        @DefaultValue("0s") Duration testPauseBeforeCommit) {

    /**
     * {@code almanac.backup.*}: the optional daily backup of the running service.
     *
     * @param dir where archives go ({@code <data dir>/backups} when unset)
     * @param daily whether the service writes one every day at {@code at} (UTC)
     * @param at the time of day (UTC) of the daily backup
     * @param retention how many archives to keep (as in the seed: 7)
     */
    @ConfigurationProperties("almanac.backup")
    public record BackupSettings(
            java.nio.file.Path dir,
            @DefaultValue("false") boolean daily,
            @DefaultValue("03:00") LocalTime at,
            @DefaultValue("7") int retention) {}
}
