package dev.almanac.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's clock in API tests: real time plus an offset that a test moves forward (never
 * back, since the tests of one context share it), e.g. past an expiry instead of sleeping until it.
 */
public final class MovableClock implements InstantSource {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    public void advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("time only moves forward: " + by);
        offset.accumulateAndGet(by, Duration::plus);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Setup {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }
}
