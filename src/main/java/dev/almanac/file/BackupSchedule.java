package dev.almanac.file;

import dev.almanac.config.AlmanacProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@code almanac.backup.daily=true}: a backup every day at {@code almanac.backup.at} (UTC) into
 * {@code almanac.backup.dir}, keeping the newest {@code almanac.backup.retention} archives (seed: 7).
 * Off by default. With several instances on one database, enable it on one of them.
 */
@Component
class BackupSchedule implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);
    static final String PREFIX = "almanac-backup-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Backups backups;
    private final FileSettings.BackupSettings settings;
    private final Path dir;
    private final boolean enabled;
    private ScheduledExecutorService scheduler;

    BackupSchedule(Backups backups, FileSettings.BackupSettings settings, AlmanacProperties properties,
            @Value("${almanac.background.enabled:true}") boolean background) {
        this.backups = backups;
        this.settings = settings;
        this.dir = settings.dir() != null ? settings.dir() : properties.data().dir().resolve("backups");
        this.enabled = background && settings.daily();
        if (settings.retention() < 1) throw new IllegalStateException("almanac.backup.retention must be at least 1");
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

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("daily-backup").daemon().unstarted(r));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        ZonedDateTime next = LocalDate.now(ZoneOffset.UTC).atTime(settings.at()).atZone(ZoneOffset.UTC);
        if (!next.isAfter(now)) next = next.plusDays(1);
        scheduler.scheduleAtFixedRate(() -> {
            try {
                log.info("daily backup written to {}", backupNow());
            } catch (IOException | RuntimeException e) {
                log.error("daily backup failed: {}", e.toString());
            }
        }, Duration.between(now, next).toMillis(), Duration.ofDays(1).toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }
}
