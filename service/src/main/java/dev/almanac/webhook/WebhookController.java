package dev.almanac.webhook;

import dev.almanac.audit.Audited;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import dev.almanac.web.PageLimit;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WebhookController {
    private final WebhookService webhooks;
    private final PageLimit limits;

    WebhookController(WebhookService webhooks, PageLimit limits) {
        this.webhooks = webhooks;
        this.limits = limits;
    }

    @PostMapping("/api/webhooks")
    @Audited(operation = "create_webhook", resourceType = "webhook")
    @ResponseStatus(HttpStatus.CREATED)
    WebhookService.View create(Caller caller, @RequestBody WebhookService.CreateRequest request) {
        return webhooks.create(caller, request);
    }

    @GetMapping("/api/webhooks")
    Map<String, List<WebhookService.View>> list(Caller caller) {
        return Map.of("items", webhooks.list(caller));
    }

    @GetMapping("/api/webhooks/{id}")
    WebhookService.View get(Caller caller, @PathVariable String id) {
        return webhooks.get(caller, id);
    }

    @DeleteMapping("/api/webhooks/{id}")
    @Audited(operation = "delete_webhook", resourceType = "webhook", resourceIdVariable = "id")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Caller caller, @PathVariable String id) {
        webhooks.delete(caller, id);
    }

    @GetMapping("/api/webhooks/{id}/deliveries")
    Page<WebhookService.DeliveryView> deliveries(Caller caller, @PathVariable String id,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return webhooks.deliveries(caller, id, cursor, limits.resolve(limit));
    }

    @PostMapping("/api/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    @Audited(operation = "redeliver_webhook", resourceType = "webhook", resourceIdVariable = "id")
    @ResponseStatus(HttpStatus.ACCEPTED)
    WebhookService.DeliveryView redeliver(Caller caller, @PathVariable String id, @PathVariable String deliveryId) {
        return webhooks.redeliver(caller, id, deliveryId);
    }
}
