package dev.almanac.search;

import dev.almanac.background.BackgroundThreads;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.RetryLater;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * How many searches run at once on this instance ({@code almanac.search.max-concurrent}, default:
 * the number of cores); the others wait their turn, in order, for up to
 * {@code almanac.search.queue-timeout-ms}, then get 503 with {@code Retry-After}.
 *
 * <p>Why: a search embeds its query and walks an HNSW graph, milliseconds of CPU, against
 * microseconds for a cached point read. When more searches run than there are cores, they take
 * every core and the cheap reads queue behind them; the mixed load test measured the reads' tail
 * following the number of searches in flight. Waiting searches hold a thread but no core.
 *
 * <p>A search's query embedding, most of its CPU, runs on one of {@code max-concurrent} threads of
 * its own at background priority ({@link BackgroundThreads}): when the cores are busy, reads and
 * writes go first; on an idle machine it makes no difference. The rest of a search (index walks,
 * highlighting) stays on the request thread: run below the requests too, keyword searches, which
 * embed nothing, lost to the load generator on an otherwise idle machine (p95 57 → 88 ms, see
 * bench/RESULTS-search.md, run 5). The effect on the mixed load is in bench/RESULTS-scale.md, run 6.
 */
@Component
class SearchSlots {
    private final Semaphore slots;
    private final int size;
    private final long queueTimeoutMillis;
    /** Never queues: work is handed over only by a holder of one of the {@code size} slots. */
    private final ExecutorService heavy;

    SearchSlots(SearchSettings settings, MeterRegistry meters) {
        int maxConcurrent = settings.maxConcurrent();
        this.size = maxConcurrent == 0 ? Runtime.getRuntime().availableProcessors() : maxConcurrent;
        this.slots = new Semaphore(size, true);
        this.heavy = Executors.newFixedThreadPool(size, BackgroundThreads.factory("search-"));
        this.queueTimeoutMillis = settings.queueTimeout().toMillis();
        Gauge.builder("almanac.search.waiting", slots, Semaphore::getQueueLength)
                .description("Searches waiting for a slot (almanac.search.max-concurrent)").register(meters);
    }

    interface Search<T> {
        T run() throws IOException;
    }

    <T> T run(Search<T> search) throws IOException {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(queueTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while waiting to search", 1);
        }
        if (!acquired) {
            throw new RetryLater(ErrorCode.SERVICE_UNAVAILABLE,
                    "All " + size + " search slots stayed busy for " + queueTimeoutMillis + " ms; try again shortly", 1);
        }
        try {
            return search.run();
        } finally {
            slots.release();
        }
    }

    /**
     * Runs the CPU-heavy part of a search (embedding its query) on one of the search threads, at
     * background priority; called from inside {@link #run}, so there is always a free thread.
     */
    <T> T belowRequests(Callable<T> work) {
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // the request id, in the work's log lines
        Future<T> running = heavy.submit(() -> {
            if (logContext != null) MDC.setContextMap(logContext);
            try {
                return work.call();
            } finally {
                MDC.clear();
            }
        });
        try {
            return running.get();
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetryLater(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while searching", 1);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    @PreDestroy
    void stop() {
        heavy.shutdownNow();
    }
}
