package dev.almanac.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.webhooks.*}: delivery of events to the tenants' webhook receivers.
 *
 * @param allowPrivateNetworks let webhooks reach loopback, private, link-local and unique-local
 *     addresses; off by default, since a webhook URL is chosen by a tenant and must not become a way
 *     into the operator's network
 * @param pollInterval how often the sender looks for deliveries that are due
 * @param connectTimeout longest wait for a receiver to accept the connection
 * @param requestTimeout longest wait for a receiver's answer to one delivery
 * @param concurrencyPerWebhook deliveries in flight at once to one webhook
 * @param concurrency deliveries in flight at once on this instance
 * @param firstRetry pause before the first retry of a failed delivery, doubling after each failure
 * @param maxRetry longest pause between two attempts
 * @param giveUpAfter a delivery still failing this long after its event is marked failed
 * @param maxPerTenant webhooks one tenant may register
 */
@ConfigurationProperties("almanac.webhooks")
public record WebhookSettings(
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("4") int concurrencyPerWebhook,
        @DefaultValue("32") int concurrency,
        @DefaultValue("10s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry,
        @DefaultValue("24h") Duration giveUpAfter,
        @DefaultValue("20") int maxPerTenant) {

    public WebhookSettings {
        if (concurrencyPerWebhook < 1 || concurrency < 1) {
            throw new IllegalArgumentException("almanac.webhooks.concurrency and .concurrency-per-webhook must be at least 1");
        }
        if (firstRetry.isNegative() || firstRetry.isZero() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("almanac.webhooks.first-retry must be positive and at most almanac.webhooks.max-retry");
        }
    }
}
