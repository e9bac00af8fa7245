package dev.almanac.file;

import dev.almanac.schedule.ScheduledTask;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The schedule {@code staging-cleanup}: deletes expired staged files (row and content) about every
 * {@code almanac.files.cleanup-interval}. Reads already hide an expired file, so the job only
 * reclaims space and fixes the counters; it may run late or, past its lease, on several instances
 * at once (rows are claimed with SKIP LOCKED).
 */
@Component
class StagingCleanup implements ScheduledTask {
    static final String NAME = "staging-cleanup";
    private static final int BATCH = 100;

    private final FileRepository repository;
    private final ProjectFiles files;
    private final TransactionTemplate transactions;
    private final String cron;

    StagingCleanup(FileRepository repository, ProjectFiles files, TransactionTemplate transactions, FileSettings settings) {
        this.repository = repository;
        this.files = files;
        this.transactions = transactions;
        this.cron = cronEvery(settings.cleanupInterval());
    }

    /**
     * The cron nearest to "every {@code interval}" that is not slower: a cron step restarts each
     * minute, hour or day, so the step is rounded down to one that divides it (5m → every 5th
     * minute; 7m → every 6th; under a second → every second, the finest a cron expresses).
     */
    static String cronEvery(Duration interval) {
        if (!interval.isPositive()) {
            throw new IllegalStateException("almanac.files.cleanup-interval must be positive (e.g. 5m), not " + interval);
        }
        long seconds = Math.max(1, interval.toSeconds());
        if (seconds < 60) return "*/" + stepDividing(60, seconds) + " * * * * *";
        long minutes = seconds / 60;
        if (minutes < 60) return "0 */" + stepDividing(60, minutes) + " * * * *";
        long hours = minutes / 60;
        if (hours < 24) return "0 0 */" + stepDividing(24, hours) + " * * *";
        return "0 0 0 * * *";
    }

    private static long stepDividing(long whole, long step) {
        while (whole % step != 0) step--;
        return step;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String cron() {
        return cron;
    }

    @Override
    public Duration maxDuration() {
        return Duration.ofMinutes(15);
    }

    @Override
    public String run() {
        return "deleted " + deleteExpired() + " expired staged files";
    }

    /** Deletes every file expired by now; returns how many. */
    private int deleteExpired() {
        int deleted = 0;
        while (true) {
            // Each file is deleted in a transaction of its own (project lock, row, counters, audit), so one
            // project's lock is never held while another's is awaited. Instances may find the same
            // file; the second finds no row and moves on.
            List<FileRepository.Expired> batch = transactions.execute(tx -> repository.claimExpired(BATCH));
            if (batch == null || batch.isEmpty()) return deleted;
            int before = deleted;
            for (FileRepository.Expired e : batch) {
                if (files.deleteExpired(e.tenantId(), e.projectId(), e.id())) deleted++;
            }
            if (deleted == before) return deleted; // another instance got them all
        }
    }
}
