package dev.almanac.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.config.AlmanacProperties;
import dev.almanac.schedule.ScheduledTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupScheduleTest {
    @TempDir
    Path dir;

    @Test
    void keepsTheNewestArchivesUpToTheRetentionAndNothingElseIsTouched() throws Exception {
        for (int day = 1; day <= 9; day++) {
            Files.writeString(dir.resolve(BackupSchedule.PREFIX + "2026110" + day + "T030000Z.tar"), "x");
        }
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        Files.writeString(dir.resolve(BackupSchedule.PREFIX + "20261101T030000Z.tar.partial"), "in progress");
        var settings = new FileSettings.BackupSettings(dir, true, LocalTime.of(3, 0), 7);
        var properties = new AlmanacProperties(new AlmanacProperties.Data(dir), null, null, null);

        new BackupSchedule(null, settings, properties).prune();

        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "almanac-backup-20261101T030000Z.tar.partial",
                    "almanac-backup-20261103T030000Z.tar", "almanac-backup-20261104T030000Z.tar",
                    "almanac-backup-20261105T030000Z.tar", "almanac-backup-20261106T030000Z.tar",
                    "almanac-backup-20261107T030000Z.tar", "almanac-backup-20261108T030000Z.tar",
                    "almanac-backup-20261109T030000Z.tar", "notes.txt");
        }
    }

    @Test
    void runsDailyAtTheConfiguredTimeOnlyWhenSwitchedOn() {
        var properties = new AlmanacProperties(new AlmanacProperties.Data(dir), null, null, null);
        var daily = new FileSettings.BackupSettings(dir, true, LocalTime.of(4, 30), 7);
        var off = new FileSettings.BackupSettings(dir, false, LocalTime.of(4, 30), 7);

        assertThat(new BackupSchedule(null, daily, properties).cron()).isEqualTo("0 30 4 * * *");
        assertThat(new BackupSchedule(null, off, properties).cron()).isEqualTo(ScheduledTask.DISABLED);
    }
}
