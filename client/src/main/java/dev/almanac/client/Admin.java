package dev.almanac.client;

import dev.almanac.client.Models.ApiKey;
import dev.almanac.client.Models.Webhook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * What a tenant's admin (or the system key) manages: API keys ({@code /api/admin/tenants/{t}/keys}),
 * the tenant's AI settings ({@code /api/settings/ai}) and its webhooks ({@code /api/webhooks}).
 */
public final class Admin {
    private final Http http;

    Admin(Http http) {
        this.http = http;
    }

    private static String keys(String tenant) {
        return "/api/admin/tenants/" + Http.segment(tenant) + "/keys";
    }

    /** A new key with {@code role} (reader, writer or admin); its secret ({@code key}) is in this answer only. */
    public ApiKey createKey(String tenant, String name, String role) {
        return http.call("POST", keys(tenant)).json(Map.of("name", name, "role", role)).as(ApiKey.class);
    }

    /** The tenant's keys, without their secrets, all pages lazily. */
    public Stream<ApiKey> listKeys(String tenant) {
        return Paging.stream(cursor -> http.call("GET", keys(tenant)).query("limit", http.pageSize()).query("cursor", cursor)
                .page(ApiKey.class));
    }

    /** Revokes a key: it stops working at once. */
    public void revokeKey(String tenant, String keyId) {
        http.call("DELETE", keys(tenant) + "/" + Http.segment(keyId)).send();
    }

    /** The tenant's AI settings as the service shows them (chain, taxonomy, budget, providers' state). */
    public JsonNode aiSettings() {
        return http.call("GET", "/api/settings/ai").tree();
    }

    /** Replaces the tenant's AI settings ({@code enabled}, {@code chain}, {@code taxonomy}, {@code input_budget_chars}; absent = default). */
    public JsonNode putAiSettings(Map<String, ?> settings) {
        return http.call("PUT", "/api/settings/ai").json(settings).tree();
    }

    /** Subscribes {@code url} to event types or patterns ({@code project.*}, …), signed with {@code secret}. */
    public Webhook createWebhook(String url, List<String> events, String secret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url);
        body.put("events", events);
        body.put("secret", secret);
        return http.call("POST", "/api/webhooks").json(body).as(Webhook.class);
    }

    public List<Webhook> webhooks() {
        JsonNode items = http.call("GET", "/api/webhooks").tree().get("items");
        return Http.JSON.convertValue(items, Http.JSON.getTypeFactory().constructCollectionType(List.class, Webhook.class));
    }

    public void deleteWebhook(String id) {
        http.call("DELETE", "/api/webhooks/" + Http.segment(id)).send();
    }
}
