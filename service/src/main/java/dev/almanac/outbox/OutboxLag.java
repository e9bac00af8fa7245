package dev.almanac.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * How far behind every {@link OutboxConsumer} is (health component {@code outbox}, and the gauges
 * {@code almanac_outbox_lag_events{consumer}} and {@code almanac_outbox_lag_seconds{consumer}}): a
 * consumer that stopped following shows here before anyone misses its side effects. The search
 * index keeps its own position and reports it under {@code searchIndex}.
 *
 * <p>Readings are cached for two seconds: a scrape asks for two gauges per consumer, and each is a
 * query. While the database is unreachable the last reading stays (the circuit answers at once, so
 * health stays fast) and the component says so.
 */
@Component("outboxHealthIndicator")
class OutboxLag implements HealthIndicator, MeterBinder {
    private static final int LAG_CAP = 100_000;
    private static final Duration FRESH = Duration.ofSeconds(2);

    private final List<OutboxConsumer> consumers;
    private final Outbox outbox;
    private final InstantSource clock;
    private volatile Reading last;

    OutboxLag(List<OutboxConsumer> consumers, Outbox outbox, InstantSource clock) {
        this.consumers = consumers;
        this.outbox = outbox;
        this.clock = clock;
    }

    record ConsumerLag(String position, long events, long seconds) {}

    private record Reading(Instant at, Map<String, ConsumerLag> lags, String error) {}

    @Override
    public Health health() {
        Reading r = reading();
        Health.Builder builder = r.error() == null ? Health.up() : Health.unknown().withDetail("error", r.error());
        r.lags().forEach((name, lag) -> builder.withDetail(name, Map.of(
                "position", lag.position(), "lag_events", lag.events(), "lag_seconds", lag.seconds())));
        return builder.build();
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (OutboxConsumer consumer : consumers) {
            String name = consumer.name();
            Gauge.builder("almanac.outbox.lag.events", this, l -> l.lagOf(name).events())
                    .tag("consumer", name).description("Outbox events this consumer has not handled yet").register(meters);
            Gauge.builder("almanac.outbox.lag.seconds", this, l -> l.lagOf(name).seconds())
                    .tag("consumer", name).description("Age of the oldest outbox event this consumer has not handled yet")
                    .register(meters);
        }
    }

    private ConsumerLag lagOf(String consumer) {
        return reading().lags().getOrDefault(consumer, new ConsumerLag("unknown", 0, 0));
    }

    private synchronized Reading reading() {
        Instant now = clock.instant();
        Reading r = last;
        if (r != null && Duration.between(r.at(), now).compareTo(FRESH) < 0 && !now.isBefore(r.at())) return r;
        Map<String, ConsumerLag> lags = new LinkedHashMap<>();
        try {
            for (OutboxConsumer consumer : consumers) {
                OutboxPosition at = outbox.checkpoint(consumer.name()).orElse(OutboxPosition.START);
                Outbox.Lag lag = outbox.lagAfter(at, LAG_CAP);
                long seconds = lag.oldestPending() == null ? 0 : Math.max(0, Duration.between(lag.oldestPending(), now).toSeconds());
                lags.put(consumer.name(), new ConsumerLag(at.toString(), lag.events(), seconds));
            }
            last = new Reading(now, lags, null);
        } catch (RuntimeException e) {
            // keep the last numbers; say why they are old
            last = new Reading(now, r == null ? Map.of() : r.lags(), "could not read the positions (is the database reachable?); showing the last reading");
        }
        return last;
    }
}
