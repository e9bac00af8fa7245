package dev.almanac.cli;

import dev.almanac.file.Reconciliation;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "files", mixinStandardHelpOptions = true, subcommands = FilesCommand.Reconcile.class,
        description = "Maintain the file store under ALMANAC_DATA_DIR/files.")
class FilesCommand {

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = {"Compare the files registry with the store: missing content, orphaned content, size "
                    + "(and with --checksums SHA-256) mismatches, leftover temp files.",
                    "Exit 0: consistent (after repair); 1: problems remain; 2: could not run."})
    static class Reconcile implements Callable<Integer> {
        private final Reconciliation reconciliation;

        @Option(names = "--repair", description = "Delete orphaned content and temp files older than the grace period "
                + "(never content a row references).")
        boolean repair;

        @Option(names = "--checksums", description = "Also verify every file's SHA-256 (reads all content).")
        boolean checksums;

        @Option(names = "--grace", description = "Leave unreferenced content younger than this alone (an upload may "
                + "still commit), ISO-8601 duration, default: almanac.files.reconcile-grace (PT1H).")
        Duration grace;

        Reconcile(Reconciliation reconciliation) {
            this.reconciliation = reconciliation;
        }

        @Override
        public Integer call() {
            Reconciliation.Report r = reconciliation.run(checksums, repair, grace == null ? reconciliation.defaultGrace() : grace);
            System.out.printf("registered files: %d, content files: %d%n", r.registered(), r.stored());
            System.out.printf("missing content: %d%s%n", r.missingCount(), list(r.missing()));
            System.out.printf("size/checksum mismatch: %d%s%s%n", r.mismatchCount(), list(r.mismatched()),
                    r.checksumsVerified() ? "" : " (sizes only; --checksums to verify SHA-256)");
            System.out.printf("orphaned content: %d%s, deleted: %d%n", r.orphanCount(), list(r.orphaned()), r.orphansDeleted());
            System.out.printf("temp files: %d, deleted: %d%n", r.tempCount(), r.tempDeleted());
            System.out.println(r.consistent() ? "consistent" : "INCONSISTENT");
            return r.consistent() ? 0 : 1;
        }

        private static String list(java.util.List<String> items) {
            return items.isEmpty() ? "" : " " + items;
        }
    }
}
