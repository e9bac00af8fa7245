package dev.almanac.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.background.BackgroundThreads;
import dev.almanac.testing.Niceness;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.RetryLater;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SearchSlotsTest {
    interface Blocking {
        void run() throws InterruptedException;
    }

    private static void pause(Blocking b) {
        try {
            b.run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void noMoreSearchesRunAtOnceThanThereAreSlots() throws Exception {
        SearchSlots slots = new SearchSlots(settings(2, 10_000), new SimpleMeterRegistry());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            results.add(pool.submit(() -> slots.run(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                pause(() -> Thread.sleep(5));
                running.decrementAndGet();
                return n;
            })));
        }
        for (int i = 0; i < results.size(); i++) assertThat(results.get(i).get()).isEqualTo(i);
        pool.shutdown();
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aSearchThatWaitsTooLongIsRefusedWith503AndTheSlotIsFreedAfterAFailure() throws Exception {
        SearchSlots slots = new SearchSlots(settings(1, 200), new SimpleMeterRegistry());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<String> first = pool.submit(() -> slots.run(() -> {
            holding.countDown();
            pause(release::await);
            return "first";
        }));
        holding.await();
        assertThatThrownBy(() -> slots.run(() -> "second"))
                .isInstanceOfSatisfying(RetryLater.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        release.countDown();
        assertThat(first.get()).isEqualTo("first");
        assertThatThrownBy(() -> slots.run(() -> { throw new IOException("broken index"); }))
                .isInstanceOf(IOException.class);
        assertThat(slots.run(() -> "third")).isEqualTo("third");
        pool.shutdown();
    }

    @Test
    void aSearchsHeavyPartRunsOnASearchThreadBelowRequestsWithTheRequestsLogContextAndItsOwnExceptions() throws Exception {
        SearchSlots slots = new SearchSlots(settings(1, 1_000), new SimpleMeterRegistry());
        int requestNice = Niceness.ofCurrentThread();
        MDC.put("request", "r-42");
        try {
            String seen = slots.run(() -> {
                assertThat(Niceness.ofCurrentThread()).as("the rest of a search stays at the request's priority").isEqualTo(requestNice);
                return slots.belowRequests(() -> Thread.currentThread().getName() + " nice=" + Niceness.ofCurrentThread()
                        + " request=" + MDC.get("request"));
            });
            assertThat(seen).isEqualTo("search-0 nice=" + BackgroundThreads.NICE + " request=r-42");
        } finally {
            MDC.clear();
        }
        IllegalArgumentException bad = new IllegalArgumentException("bad query");
        assertThatThrownBy(() -> slots.run(() -> slots.belowRequests(() -> { throw bad; }))).isSameAs(bad);
        assertThat(slots.run(() -> slots.belowRequests(() -> MDC.get("request")))).as("no context left behind on the thread").isNull();
        slots.stop();
    }

    private static SearchSettings settings(int maxConcurrent, long queueTimeoutMillis) {
        return new SearchSettings(maxConcurrent, java.time.Duration.ofMillis(queueTimeoutMillis),
                java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(1));
    }
}
