package dev.almanac.webhook;

import dev.almanac.audit.OperationLog;
import dev.almanac.outbox.Outbox;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import dev.almanac.web.Role;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's webhooks and their delivery log; every call needs the admin role. */
@Service
@EnableConfigurationProperties(WebhookSettings.class)
class WebhookService {
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 256;
    private static final int MAX_URL = 2048;

    private final Webhooks webhooks;
    private final Outbox outbox;
    private final WebhookSettings settings;
    private final AddressGuard guard;
    private final InstantSource clock;
    private final JsonMapper json;
    private final OperationLog operations;

    WebhookService(Webhooks webhooks, Outbox outbox, WebhookSettings settings, InstantSource clock, JsonMapper json,
            OperationLog operations) {
        this.operations = operations;
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.settings = settings;
        this.guard = new AddressGuard(settings.allowPrivateNetworks());
        this.clock = clock;
        this.json = json;
    }

    record CreateRequest(String url, List<String> events, String secret) {}

    /** A webhook as the API shows it: never its secret. */
    record View(String id, String url, List<String> events, Instant createdAt, String createdBy) {
        static View of(Webhooks.Webhook w) {
            return new View(w.id(), w.url(), w.events(), w.createdAt(), w.createdBy());
        }
    }

    record DeliveryView(String id, String webhookId, String eventId, String eventType, String projectId, String status,
            int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatusCode, String lastError,
            Instant createdAt, Instant deliveredAt, JsonNode payload) {}

    @Transactional
    View create(Caller caller, CreateRequest request) {
        caller.require(Role.ADMIN);
        if (request == null) throw ApiException.badRequest("Send {\"url\", \"events\", \"secret\"}");
        String url = request.url();
        if (url == null || url.isBlank()) throw ApiException.invalidField("url", "is required");
        if (url.length() > MAX_URL) throw ApiException.invalidField("url", "is longer than " + MAX_URL + " characters");
        try {
            guard.check(url);
        } catch (AddressGuard.Refused e) {
            throw ApiException.invalidField("url", e.getMessage());
        }
        List<String> events = validEvents(request.events());
        String secret = request.secret();
        if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw ApiException.invalidField("secret", "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        if (webhooks.countFor(caller.tenantId()) >= settings.maxPerTenant()) {
            throw new ApiException(ErrorCode.CONFLICT, "A tenant may have at most " + settings.maxPerTenant() + " webhooks");
        }
        View created = View.of(webhooks.insert(caller.tenantId(), url, events, secret, outbox.head(), clock.instant(), caller.actor()));
        // who pointed the tenant's events where: the URL and events, never the secret
        operations.success(caller, "create_webhook", "webhook", created.id(), null,
                java.util.Map.of("url", created.url(), "events", created.events()));
        return created;
    }

    private static List<String> validEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ApiException.invalidField("events", "name at least one event type or pattern, e.g. \"project.*\"");
        }
        List<String> valid = new ArrayList<>();
        for (String pattern : new LinkedHashSet<>(events)) {
            if (pattern == null || WebhookEvents.TYPES.stream().noneMatch(t -> WebhookEvents.matches(pattern, t))) {
                throw ApiException.invalidField("events", "'" + pattern + "' matches no event type; known: "
                        + String.join(", ", WebhookEvents.TYPES));
            }
            valid.add(pattern);
        }
        return valid;
    }

    List<View> list(Caller caller) {
        caller.require(Role.ADMIN);
        return webhooks.list(caller.tenantId()).stream().map(View::of).toList();
    }

    View get(Caller caller, String id) {
        caller.require(Role.ADMIN);
        return View.of(find(caller, id));
    }

    @Transactional
    void delete(Caller caller, String id) {
        caller.require(Role.ADMIN);
        Webhooks.Webhook hook = find(caller, id);
        if (!webhooks.delete(caller.tenantId(), id)) throw ApiException.notFound("Webhook " + id);
        operations.success(caller, "delete_webhook", "webhook", id, null, java.util.Map.of("url", hook.url()));
    }

    Page<DeliveryView> deliveries(Caller caller, String id, String cursor, int limit) {
        caller.require(Role.ADMIN);
        find(caller, id);
        String key = Page.decode(cursor);
        Long before;
        try {
            before = key == null ? null : Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("cursor", "not a cursor returned by this API");
        }
        List<Webhooks.Delivery> rows = webhooks.deliveries(caller.tenantId(), id, before, limit + 1);
        Page<Webhooks.Delivery> page = Page.of(rows, limit, d -> Long.toString(d.seq()));
        return new Page<>(page.items().stream().map(this::view).toList(), page.nextCursor());
    }

    /** Sends a delivery's event again, as a new delivery after whatever its stream already has queued. */
    @Transactional
    DeliveryView redeliver(Caller caller, String id, String deliveryId) {
        caller.require(Role.ADMIN);
        Webhooks.Webhook hook = find(caller, id);
        Webhooks.Delivery d = webhooks.delivery(caller.tenantId(), id, deliveryId)
                .orElseThrow(() -> ApiException.notFound("Delivery " + deliveryId));
        DeliveryView queued = view(webhooks.enqueue(hook, d.eventId(), d.eventType(), d.stream(), d.projectId(), d.payload(),
                clock.instant()));
        operations.success(caller, "redeliver_webhook", "webhook", id, d.projectId(),
                java.util.Map.of("delivery", deliveryId, "new_delivery", queued.id()));
        return queued;
    }

    private Webhooks.Webhook find(Caller caller, String id) {
        return webhooks.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("Webhook " + id));
    }

    private DeliveryView view(Webhooks.Delivery d) {
        return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.projectId(), d.status(), d.attempts(),
                "pending".equals(d.status()) ? d.nextAttemptAt() : null, d.lastAttemptAt(), d.lastStatusCode(), d.lastError(),
                d.createdAt(), d.deliveredAt(), json.readTree(d.payload()));
    }
}
