package dev.almanac.generation;

import dev.almanac.background.BackgroundSettings;
import dev.almanac.background.BackgroundLoop;
import dev.almanac.web.ApiException;
import dev.almanac.web.ErrorCode;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of job state changes, per project.
 *
 * <p>Driven by the database, not by in-process calls, so a client connected to one instance sees
 * jobs that run on any other: a trigger writes every state change of a job to
 * {@code generation_job_events}, and one thread per instance polls that table while at least one
 * stream is open. A change is stamped with the time of its statement, not of its commit, so it
 * can become visible a little after rows with later stamps; each poll therefore looks back
 * {@code overlap} before its watermark and drops what it already sent (by event id). A transaction
 * that stays open longer than the overlap between changing a job and committing could be missed;
 * job transactions are short.
 *
 * <p>Every stream gets a heartbeat comment, so proxies keep it open and a vanished client is
 * noticed by the failed write; streams end after {@code stream-timeout} (EventSource clients
 * reconnect by themselves). Each tenant may hold at most {@code max-streams-per-tenant} streams
 * on one instance.
 */
@Component
class JobEventStreams implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

    /** {@code since}: the database's time when the stream opened; older changes are not sent to it. */
    record Subscriber(String tenantId, String projectId, Instant since, SseEmitter emitter) {}

    private final JdbcClient jdbc;
    private final int maxPerTenant;
    private final long pollMillis;
    private final long heartbeatMillis;
    private final long streamTimeoutMillis;
    private final Duration overlap = Duration.ofSeconds(10);
    private final Map<String, Set<Subscriber>> byTenant = new ConcurrentHashMap<>();
    private final Map<Long, Instant> sent = new HashMap<>(); // event id → stamp; only the poll thread touches it
    private long lastPrune;
    private final boolean background;
    private volatile Instant watermark;
    private volatile boolean running;
    private BackgroundLoop loop;

    JobEventStreams(JdbcClient jdbc, JobEventSettings settings, BackgroundSettings background) {
        this.background = background.enabled();
        this.jdbc = jdbc;
        this.maxPerTenant = settings.maxStreamsPerTenant();
        this.pollMillis = settings.pollInterval().toMillis();
        this.heartbeatMillis = settings.heartbeat().toMillis();
        this.streamTimeoutMillis = settings.streamTimeout().toMillis();
    }

    /** Opens a stream of the project's job events; 429 past the tenant's cap. */
    SseEmitter open(String tenantId, String projectId) {
        SseEmitter emitter = new SseEmitter(streamTimeoutMillis);
        Subscriber subscriber = new Subscriber(tenantId, projectId, databaseNow(), emitter);
        Set<Subscriber> streams = byTenant.computeIfAbsent(tenantId, t -> ConcurrentHashMap.newKeySet());
        synchronized (streams) {
            if (streams.size() >= maxPerTenant) {
                throw new ApiException(ErrorCode.TOO_MANY_REQUESTS,
                        "At most " + maxPerTenant + " event streams per tenant are open at once; close one first");
            }
            streams.add(subscriber);
        }
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onTimeout(() -> remove(subscriber));
        emitter.onError(e -> remove(subscriber));
        synchronized (this) {
            if (watermark == null) watermark = subscriber.since();
        }
        send(subscriber, SseEmitter.event().name("ready").data(Map.of("project_id", projectId), MediaType.APPLICATION_JSON));
        return emitter;
    }

    int openStreams() {
        return byTenant.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(Subscriber subscriber) {
        Set<Subscriber> streams = byTenant.get(subscriber.tenantId());
        if (streams != null) streams.remove(subscriber);
    }

    private long lastHeartbeat = System.currentTimeMillis();

    /** One round of the feed thread: poll while streams are open, heartbeat them now and then. */
    private boolean pollOnce() {
        if (openStreams() == 0) {
            synchronized (this) {
                watermark = null; // idle: the next stream starts from its own moment
            }
            sent.clear();
        } else {
            poll();
            if (System.currentTimeMillis() - lastHeartbeat >= heartbeatMillis) {
                heartbeat();
                lastHeartbeat = System.currentTimeMillis();
            }
        }
        return false;
    }

    private void poll() {
        Instant from = watermark;
        if (from == null) return;
        String[] tenants = byTenant.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
                .toArray(String[]::new);
        List<Change> changes = jdbc.sql("""
                        SELECT id, job_id, tenant_id, project_id, status, attempts, error, at FROM generation_job_events
                        WHERE at > ? AND tenant_id = ANY(?) ORDER BY at, id LIMIT 5000""")
                .params(Timestamp.from(from.minus(overlap)), tenants)
                .query((rs, n) -> new Change(rs.getLong("id"), rs.getObject("job_id", UUID.class), rs.getString("tenant_id"),
                        rs.getString("project_id"), rs.getString("status"), rs.getInt("attempts"), rs.getString("error"),
                        rs.getTimestamp("at").toInstant()))
                .list();
        Instant newest = from;
        for (Change c : changes) {
            if (c.updatedAt().isAfter(newest)) newest = c.updatedAt();
            if (sent.putIfAbsent(c.eventId(), c.updatedAt()) != null) continue;
            deliver(c);
        }
        synchronized (this) {
            if (watermark != null && newest.isAfter(watermark)) watermark = newest;
        }
        Instant forgetBefore = newest.minus(overlap).minusSeconds(1);
        sent.values().removeIf(t -> t.isBefore(forgetBefore));
        if (System.currentTimeMillis() - lastPrune > 60_000) {
            lastPrune = System.currentTimeMillis();
            jdbc.sql("DELETE FROM generation_job_events WHERE at < now() - interval '1 day'").update();
        }
    }

    private record Change(long eventId, UUID id, String tenantId, String projectId, String status, int attempts, String error,
            Instant updatedAt) {}

    private void deliver(Change c) {
        Set<Subscriber> streams = byTenant.get(c.tenantId());
        if (streams == null) return;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("job_id", c.id().toString());
        data.put("project_id", c.projectId());
        data.put("status", c.status());
        data.put("attempts", c.attempts());
        data.put("error", c.error());
        data.put("updated_at", c.updatedAt().toString());
        for (Subscriber s : streams) {
            if (!s.projectId().equals(c.projectId()) || c.updatedAt().isBefore(s.since())) continue;
            send(s, SseEmitter.event().id(Long.toString(c.eventId())).name("job")
                    .data(data, MediaType.APPLICATION_JSON));
        }
    }

    private void heartbeat() {
        for (Set<Subscriber> streams : byTenant.values()) {
            for (Subscriber s : streams) send(s, SseEmitter.event().comment("heartbeat"));
        }
    }

    /** A failed write means the client is gone: forget the stream. */
    private void send(Subscriber s, SseEmitter.SseEventBuilder event) {
        try {
            s.emitter().send(event);
        } catch (IOException | IllegalStateException e) {
            remove(s);
            s.emitter().completeWithError(e);
        }
    }

    private Instant databaseNow() {
        return jdbc.sql("SELECT clock_timestamp()").query(Timestamp.class).single().toInstant();
    }

    /** Not in CLI mode: nobody can open a stream there. */
    @Override
    public boolean isAutoStartup() {
        return background;
    }

    @Override
    public void start() {
        running = true;
        loop = BackgroundLoop.named("Job event feed", log)
                .thread("job-events")
                .pollInterval(Duration.ofMillis(pollMillis))
                .backoff(Duration.ofMillis(2 * pollMillis), Duration.ofSeconds(10))
                .interruptOnStop()
                .step(this::pollOnce)
                .build();
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        if (loop != null) loop.signalStop();
        for (Set<Subscriber> streams : byTenant.values()) {
            for (Subscriber s : streams) s.emitter().complete();
        }
        byTenant.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
