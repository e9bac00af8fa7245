package dev.almanac.cli;

import dev.almanac.file.Backups;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backup --output FILE} and {@code restore --input FILE}. */
final class BackupCommands {
    private BackupCommands() {}

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = {"Write the database (one consistent snapshot) and the file store to one tar archive.",
                    "With the embedded database, stop the service first. Exit 0 written, 1 failed."})
    static class Backup implements Callable<Integer> {
        private final Backups backups;

        @Option(names = {"-o", "--output"}, required = true, description = "the archive to write (replaced if it exists)")
        Path output;

        Backup(Backups backups) {
            this.backups = backups;
        }

        @Override
        public Integer call() {
            try {
                Backups.Summary s = backups.backup(output);
                System.out.printf("backup written to %s: %d tables, %d rows, %d files (%d bytes)%n", s.archive(), s.tables(),
                        s.rows(), s.files(), s.fileBytes());
                return 0;
            } catch (Backups.BackupException e) {
                System.err.println("backup failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = {"Restore a backup into a new, empty installation (an empty ALMANAC_DATA_DIR, or an empty "
                    + "external database); then start the service on it.", "Exit 0 restored, 1 refused or failed."})
    static class Restore implements Callable<Integer> {
        private final Backups backups;

        @Option(names = {"-i", "--input"}, required = true, description = "the archive written by `backup`")
        Path input;

        Restore(Backups backups) {
            this.backups = backups;
        }

        @Override
        public Integer call() {
            try {
                Backups.Summary s = backups.restore(input);
                System.out.printf("restored %s: %d tables, %d rows, %d files (%d bytes)%n", s.archive(), s.tables(), s.rows(),
                        s.files(), s.fileBytes());
                return 0;
            } catch (Backups.BackupException e) {
                System.err.println("restore failed: " + e.getMessage());
                return 1;
            }
        }
    }
}
