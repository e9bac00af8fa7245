package dev.almanac.background;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BackgroundLoopTest {
    private final Logger log = (Logger) LoggerFactory.getLogger("background-loop-test");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void capture() {
        logged.start();
        log.addAppender(logged);
        Metrics.addRegistry(meters);
    }

    @AfterEach
    void release() {
        log.detachAppender(logged);
        Metrics.removeRegistry(meters);
    }

    @Test
    void logsTheFirstFailureOnceBacksOffAndLogsTheRecovery() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        BackgroundLoop loop = BackgroundLoop.named("Test loop", log)
                .pollInterval(Duration.ofMillis(300))
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(3))
                .step(() -> {
                    if (calls.incrementAndGet() <= 4) throw new SQLTransientConnectionException("database away");
                    return calls.get() == 5; // work once, then nothing to do
                })
                .build();

        List<Duration> pauses = new ArrayList<>();
        for (int i = 0; i < 6; i++) pauses.add(loop.round());

        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(3), Duration.ZERO, Duration.ofMillis(300));
        assertThat(loop.failures()).isEqualTo(4);
        assertThat(meters.get("almanac.background.failures").tag("loop", "Test loop").counter().count()).isEqualTo(4);
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1)
                .first().satisfies(e -> assertThat(e.getFormattedMessage()).contains("Test loop").contains("database away"));
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.INFO).hasSize(1)
                .first().satisfies(e -> assertThat(e.getFormattedMessage()).contains("after 4 failed attempts"));
        assertThat(loop.stalled()).isFalse();
        assertThat(loop.lastError()).isNull();
        assertThat(loop.lastProgress()).isNotNull();
    }

    @Test
    void remembersTheFailureWhileStalled() throws InterruptedException {
        BackgroundLoop loop = BackgroundLoop.named("Stalled", log)
                .step(() -> {
                    throw new IllegalStateException("no");
                })
                .build();
        loop.round();
        loop.round();
        assertThat(loop.stalled()).isTrue();
        assertThat(loop.lastError()).isEqualTo("IllegalStateException");
        assertThat(loop.lastProgress()).isNull();
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
    }

    @Test
    void stopWakesAWaitingLoopWithoutInterruptingIt() throws InterruptedException {
        CountDownLatch polled = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        BackgroundLoop loop = BackgroundLoop.named("Sleepy", log)
                .thread("sleepy-loop")
                .pollInterval(Duration.ofHours(1))
                .step(() -> {
                    if (Thread.currentThread().isInterrupted()) interrupted.incrementAndGet();
                    polled.countDown();
                    return false;
                })
                .build();
        loop.start();
        assertThat(polled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.isAlive()).isTrue();

        loop.stop(Duration.ofSeconds(10)); // would wait an hour if the pause were not cut short
        assertThat(loop.isAlive()).isFalse();
        assertThat(loop.isRunning()).isFalse();
        assertThat(interrupted).hasValue(0);
    }

    @Test
    void stopInterruptsAStepWhenAskedTo() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        BackgroundLoop loop = BackgroundLoop.named("Blocking", log)
                .interruptOnStop()
                .step(() -> {
                    started.countDown();
                    Thread.sleep(Duration.ofHours(1)); // e.g. waiting on a queue
                    return false;
                })
                .build();
        loop.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        loop.stop(Duration.ofSeconds(10));
        assertThat(loop.isAlive()).isFalse();
        assertThat(logged.list).noneMatch(e -> e.getLevel() == Level.WARN);
    }
}
