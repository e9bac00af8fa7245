package dev.almanac.webhook;

import dev.almanac.background.BackgroundSettings;
import dev.almanac.background.BackgroundThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends pending deliveries. Each round it asks the database for due deliveries that are first in
 * their stream, claims each with a lease (see {@link Webhooks#claim}) and posts it on a virtual thread.
 *
 * <p>Why a down receiver harms nobody: writes only ever add rows (the follower, not the sender, does
 * that); each webhook has its own small number of attempts in flight ({@code concurrency-per-webhook}),
 * so a receiver that hangs until the timeout holds only its own permits; and a failed attempt moves the
 * delivery's next attempt back exponentially (10 s, 20 s, … capped at an hour), giving up after a day.
 * Time for all of that is the injected clock's, so tests move it instead of waiting.
 */
@Component
class WebhookSender implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final int MAX_ERROR = 500;

    private final Webhooks webhooks;
    private final WebhookSettings settings;
    private final InstantSource clock;
    private final AddressGuard guard;
    private final boolean background;
    private final Semaphore total;
    private final Map<String, Semaphore> perWebhook = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private ScheduledExecutorService poller;
    private ExecutorService senders;

    WebhookSender(Webhooks webhooks, WebhookSettings settings, InstantSource clock, MeterRegistry meters,
            BackgroundSettings backgroundSettings) {
        boolean background = backgroundSettings.enabled();
        this.webhooks = webhooks;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.background = background;
        this.guard = new AddressGuard(settings.allowPrivateNetworks());
        this.total = new Semaphore(settings.concurrency());
    }

    /** One round: claims and starts every delivery that may go now. Returns how many it started. */
    int sendDue() {
        Instant now = clock.instant();
        List<Webhooks.Delivery> due = webhooks.due(now, settings.concurrencyPerWebhook(), settings.concurrency() * 4);
        int started = 0;
        for (Webhooks.Delivery d : due) {
            Semaphore mine = perWebhook.computeIfAbsent(d.webhookId(), id -> new Semaphore(settings.concurrencyPerWebhook()));
            if (!mine.tryAcquire()) continue;
            if (!total.tryAcquire()) {
                mine.release();
                break;
            }
            // the lease outlasts the longest attempt, so only a dead instance lets it run out
            Instant lease = now.plus(settings.connectTimeout()).plus(settings.requestTimeout()).plus(Duration.ofSeconds(15));
            if (!webhooks.claim(d, now, lease)) {
                mine.release();
                total.release();
                continue;
            }
            started++;
            senders.execute(() -> {
                try {
                    attempt(d);
                } catch (RuntimeException e) {
                    log.warn("Webhook delivery {} failed unexpectedly: {}", d.id(), e.toString());
                } finally {
                    mine.release();
                    total.release();
                }
            });
        }
        return started;
    }

    private void attempt(Webhooks.Delivery d) {
        Webhooks.Webhook hook = webhooks.byId(d.webhookId()).orElse(null);
        if (hook == null) return; // deleted meanwhile: its deliveries went with it
        Integer status = null;
        String error;
        try {
            // again now: what the host resolves to may have changed since registration; and the
            // connection goes to the very address checked here (no second lookup: DNS rebinding)
            AddressGuard.Pinned target = guard.pin(hook.url());
            long t = clock.instant().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("User-Agent", "Almanac-Webhooks/1");
            headers.put("Almanac-Event", d.eventType());
            headers.put("Almanac-Delivery", d.id());
            headers.put("Almanac-Signature", Signature.header(hook.secret(), t, d.payload()));
            PinnedPost.Answer response = PinnedPost.send(target.uri(), target.address(), headers,
                    d.payload().getBytes(StandardCharsets.UTF_8), settings.connectTimeout(), settings.requestTimeout());
            status = response.status();
            if (status >= 200 && status < 300) {
                webhooks.delivered(d.id(), status, clock.instant());
                count("delivered");
                return;
            }
            error = status >= 300 && status < 400 ? "redirect to " + (response.location() == null ? "?" : response.location())
                    + " not followed" : "receiver answered " + status;
        } catch (AddressGuard.Refused e) {
            error = "refused: " + e.getMessage();
        } catch (SocketTimeoutException e) {
            error = "timed out";
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) return; // shutting down; the lease runs out and another round retries it
            error = "could not connect: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        retryOrGiveUp(d, status, error);
    }

    private void retryOrGiveUp(Webhooks.Delivery d, Integer status, String error) {
        Instant now = clock.instant();
        Instant next = now.plus(backoff(d.attempts() + 1));
        boolean giveUp = next.isAfter(d.createdAt().plus(settings.giveUpAfter()));
        webhooks.failedAttempt(d.id(), status, error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error,
                giveUp ? null : next);
        count(giveUp ? "failed" : "retry");
    }

    /** After the n-th failed attempt: first-retry × 2^(n-1), at most max-retry. */
    Duration backoff(int attempts) {
        Duration d = settings.firstRetry();
        for (int i = 1; i < attempts && d.compareTo(settings.maxRetry()) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : d;
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> Counter.builder("webhook_deliveries_total")
                        .description("Webhook delivery attempts by outcome: delivered, retry (failed, will retry), failed (gave up)")
                        .tag("outcome", o)
                        .register(meters))
                .increment();
    }

    @Override
    public boolean isAutoStartup() {
        return background;
    }

    @Override
    public void start() {
        senders = Executors.newVirtualThreadPerTaskExecutor();
        poller = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.factory("webhook-sender-"));
        long interval = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(() -> {
            try {
                sendDue();
            } catch (RuntimeException e) {
                log.warn("Webhook round failed: {}", e.toString());
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (poller == null) return;
        poller.shutdown();
        senders.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poller = null;
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}
