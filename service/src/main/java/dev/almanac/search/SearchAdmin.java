package dev.almanac.search;

import dev.almanac.audit.Audited;
import dev.almanac.audit.OperationLog;
import dev.almanac.embedding.EmbeddingProvider;
import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxPosition;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.io.IOException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operating the index: its lag behind the database (also a health component), a rebuild from the
 * database, and a verification that compares the index with the database project by project.
 */
@RestController("searchIndex") // the bean name is the health component name: "searchIndex"
class SearchAdmin implements HealthIndicator, MeterBinder {
    private static final int LAG_CAP = 100_000;

    private final IndexFollower follower;
    private final Outbox outbox;
    private final EmbeddingStore embeddings;
    private final EmbeddingProvider provider;
    private final OperationLog operations;
    private final EmbeddingBackfill backfill;
    private final SearchMaintenance maintenance;

    SearchAdmin(IndexFollower follower, Outbox outbox, EmbeddingStore embeddings,
            EmbeddingProvider provider, OperationLog operations, EmbeddingBackfill backfill, SearchMaintenance maintenance) {
        this.maintenance = maintenance;
        this.backfill = backfill;
        this.follower = follower;
        this.outbox = outbox;
        this.embeddings = embeddings;
        this.provider = provider;
        this.operations = operations;
    }

    record Status(String checkpoint, long lagEvents, Long lagSeconds, boolean rebuilding, String model, long embeddedProjects,
            long indexSizeBytes, int indexSegments, EmbeddingBackfill.Progress backfill) {}

    @GetMapping("/api/admin/search/status")
    Status status(Caller caller) throws IOException {
        caller.require(Role.ADMIN);
        return status();
    }

    @PostMapping("/api/admin/search/rebuild")
    @Audited(operation = "rebuild_search_index", resourceType = "search_index")
    ResponseEntity<Status> rebuild(Caller caller) throws IOException {
        caller.require(Role.SYSTEM);
        maintenance.rebuild();
        operations.success(caller, "rebuild_search_index", "search_index", "local", null, Map.of());
        return ResponseEntity.ok(status());
    }

    /** Live projects of every tenant against the index's project documents (system key only). */
    @GetMapping("/api/admin/search/verify")
    SearchMaintenance.Verification verify(Caller caller) throws IOException {
        caller.require(Role.SYSTEM);
        return maintenance.verify();
    }

    @Override
    public Health health() {
        try {
            Status s = status();
            Health.Builder builder = s.lagSeconds() != null && s.lagSeconds() > 60 ? Health.down() : Health.up();
            return builder.withDetail("lag_events", s.lagEvents())
                    .withDetail("lag_seconds", s.lagSeconds() == null ? 0 : s.lagSeconds())
                    .withDetail("rebuilding", s.rebuilding())
                    .withDetail("checkpoint", s.checkpoint())
                    .withDetail("model", s.model())
                    .withDetail("last_error", follower.lastError() == null ? "none" : follower.lastError())
                    .withDetail("last_progress", follower.lastProgress() == null ? "none" : follower.lastProgress().toString())
                    .withDetail("long_transactions_passed", follower.applied() == null ? 0 : follower.applied().gaps().size())
                    .withDetail("oldest_running_transaction", oldestRunning())
                    .build();
        } catch (Exception e) {
            return Health.unknown().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

    /** The cluster's oldest running transaction: what used to hold the index back, shown so it can be found. */
    private Object oldestRunning() {
        Outbox.OldestTransaction t = outbox.oldestRunning();
        return t == null ? "none" : Map.of("tx_id", t.txId(), "running_seconds", t.runningFor().toSeconds());
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("almanac.search.index.lag.events", this, a -> a.lag().events())
                .description("Outbox events the search index has not applied yet").register(meters);
        Gauge.builder("almanac.search.index.lag.seconds", this, a -> {
                    Instant oldest = a.lag().oldestPending();
                    return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
                })
                .description("Age of the oldest outbox event the search index has not applied yet").register(meters);
        Gauge.builder("almanac.outbox.oldest.transaction.seconds", outbox, o -> {
                    Outbox.OldestTransaction t = o.oldestRunning();
                    return t == null ? 0 : t.runningFor().toMillis() / 1000.0;
                })
                .description("How long the database cluster's oldest running transaction has been running (as seen by outbox reads)")
                .register(meters);
    }

    private Outbox.Lag lag() {
        OutboxPosition applied = follower.applied();
        try {
            return applied == null ? new Outbox.Lag(0, null) : outbox.lagAfter(applied, LAG_CAP);
        } catch (RuntimeException e) {
            return new Outbox.Lag(-1, null); // database away: the db health says so
        }
    }

    private Status status() throws IOException {
        OutboxPosition applied = follower.applied();
        Outbox.Lag lag = applied == null ? new Outbox.Lag(-1, null) : outbox.lagAfter(applied, LAG_CAP);
        Long seconds = lag.oldestPending() == null ? null : Duration.between(lag.oldestPending(), Instant.now()).toSeconds();
        return new Status(applied == null ? null : applied.toString(), lag.events(), seconds, follower.rebuilding(), provider.modelName(),
                embeddings.countProjects(provider.modelName()), follower.index().sizeOnDiskBytes(), follower.index().segmentCount(),
                backfill.progress());
    }

}
