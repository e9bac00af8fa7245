package dev.almanac.search;

import dev.almanac.web.ErrorCode;
import dev.almanac.web.RetryLater;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
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
 */
@Component
class SearchSlots {
    private final Semaphore slots;
    private final int size;
    private final long queueTimeoutMillis;

    SearchSlots(@Value("${almanac.search.max-concurrent:0}") int maxConcurrent,
            @Value("${almanac.search.queue-timeout-ms:10000}") long queueTimeoutMillis, MeterRegistry meters) {
        if (maxConcurrent < 0) throw new IllegalStateException("almanac.search.max-concurrent must be 0 (= the cores) or more");
        this.size = maxConcurrent == 0 ? Runtime.getRuntime().availableProcessors() : maxConcurrent;
        this.slots = new Semaphore(size, true);
        this.queueTimeoutMillis = queueTimeoutMillis;
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
}
