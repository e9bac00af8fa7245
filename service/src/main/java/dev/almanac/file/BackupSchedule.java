package dev.almanac.file;

import dev.almanac.config.AlmanacProperties;
import dev.almanac.schedule.ScheduledTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The schedule {@code daily-backup}, on with {@code almanac.backup.daily=true}: a backup every day at
 * {@code almanac.backup.at} (UTC) into {@code almanac.backup.dir}, keeping the newest
 * {@code almanac.backup.retention} archives (seed: 7). Off by default. With several instances on one
 * database one of them writes each day's backup, into its own {@code almanac.backup.dir}: give them
 * a shared directory, or switch it on where the archives should be.
 */
@Component
class BackupSchedule implements ScheduledTask {
    static final String NAME = "daily-backup";
    static final String PREFIX = "almanac-backup-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Backups backups;
    private final FileSettings.BackupSettings settings;
    private final Path dir;
    private final String cron;

    BackupSchedule(Backups backups, FileSettings.BackupSettings settings, AlmanacProperties properties) {
        this.backups = backups;
        this.settings = settings;
        this.dir = settings.dir() != null ? settings.dir() : properties.data().dir().resolve("backups");
        this.cron = settings.daily()
                ? settings.at().getSecond() + " " + settings.at().getMinute() + " " + settings.at().getHour() + " * * *"
                : DISABLED;
        if (settings.retention() < 1) throw new IllegalStateException("almanac.backup.retention must be at least 1");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String cron() {
        return cron;
    }

    /** Generous: a large store takes long to copy, and tomorrow's due time is a day away anyway. */
    @Override
    public Duration maxDuration() {
        return Duration.ofHours(12);
    }

    @Override
    public String run() {
        try {
            return "written to " + backupNow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one backup now and prunes old ones; returns the archive. */
    Path backupNow() throws IOException {
        Files.createDirectories(dir);
        Path archive = dir.resolve(PREFIX + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".tar");
        backups.backup(archive);
        prune();
        return archive;
    }

    void prune() throws IOException {
        List<Path> archives;
        try (Stream<Path> list = Files.list(dir)) {
            archives = list.filter(p -> p.getFileName().toString().startsWith(PREFIX) && p.toString().endsWith(".tar"))
                    .sorted().toList(); // names sort by time
        }
        for (int i = 0; i < archives.size() - settings.retention(); i++) Files.deleteIfExists(archives.get(i));
    }
}
