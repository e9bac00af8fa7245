package dev.almanac.file;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes expired staged files (row and content) every {@code almanac.files.cleanup-interval}.
 * Reads already hide an expired file, so the job only reclaims space and fixes the counters; it may
 * run late or on several instances at once (rows are claimed with SKIP LOCKED).
 */
@Component
class StagingCleanup implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(StagingCleanup.class);
    private static final int BATCH = 100;

    private final FileRepository repository;
    private final ProjectFiles files;
    private final TransactionTemplate transactions;
    private final FileSettings settings;
    private final boolean enabled;
    private ScheduledExecutorService scheduler;

    StagingCleanup(FileRepository repository, ProjectFiles files, TransactionTemplate transactions, FileSettings settings,
            @Value("${almanac.background.enabled:true}") boolean background) {
        this.repository = repository;
        this.files = files;
        this.transactions = transactions;
        this.settings = settings;
        this.enabled = background;
    }

    /** Deletes every file expired by now; returns how many. */
    int deleteExpired() {
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

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("staging-cleanup").daemon().unstarted(r));
        long every = settings.cleanupInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int n = deleteExpired();
                if (n > 0) log.info("deleted {} expired staged files", n);
            } catch (RuntimeException e) {
                log.warn("staging cleanup failed, next try in {}: {}", settings.cleanupInterval(), e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
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
