package dev.almanac.webhook;

import dev.almanac.outbox.OutboxConsumer;
import dev.almanac.outbox.OutboxEvent;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows the outbox and turns each event a webhook subscribed to into a pending delivery. Runs in
 * the transaction that advances this follower's checkpoint ({@link OutboxConsumer}), so the delivery
 * rows and the new position commit together: after a kill -9 either both are there or neither is, and
 * the batch is read again. Sending happens elsewhere ({@link WebhookSender}), so a slow receiver never
 * holds up this follower, let alone a write.
 */
@Component
class WebhookFollower implements OutboxConsumer {
    private final Webhooks webhooks;
    private final JsonMapper json;
    private final InstantSource clock;

    WebhookFollower(Webhooks webhooks, JsonMapper json, InstantSource clock) {
        this.webhooks = webhooks;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public void handle(List<OutboxEvent> events) {
        Map<String, List<Webhooks.Webhook>> byTenant = webhooks.all().stream()
                .collect(Collectors.groupingBy(Webhooks.Webhook::tenantId));
        if (byTenant.isEmpty()) return;
        Instant now = clock.instant();
        for (OutboxEvent e : events) {
            List<Webhooks.Webhook> hooks = byTenant.get(e.tenantId());
            if (hooks == null) continue;
            WebhookEvents.Mapped mapped = WebhookEvents.map(e, json);
            if (mapped == null) continue;
            String eventId = "evt_" + e.position().txId() + "_" + e.position().seq();
            String payload = null;
            for (Webhooks.Webhook hook : hooks) {
                // a webhook only hears what happened after it was registered
                if (e.position().compareTo(hook.start()) <= 0 || !WebhookEvents.matchesAny(hook.events(), mapped.type())) continue;
                if (payload == null) payload = body(eventId, mapped, e);
                webhooks.enqueue(hook, eventId, mapped.type(), mapped.stream(), mapped.projectId(), payload, now);
            }
        }
    }

    private String body(String eventId, WebhookEvents.Mapped mapped, OutboxEvent e) {
        ObjectNode body = json.createObjectNode();
        body.put("id", eventId);
        body.put("type", mapped.type());
        body.put("tenant", e.tenantId());
        body.put("occurred_at", DateTimeFormatter.ISO_INSTANT.format(e.createdAt()));
        body.set("data", mapped.data());
        return json.writeValueAsString(body);
    }
}
