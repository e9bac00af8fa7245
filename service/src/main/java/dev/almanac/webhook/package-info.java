/**
 * Webhooks: a tenant's admins subscribe a URL to event types; the outbox's events are turned into
 * signed JSON POSTs, delivered at least once, in order per project, with retries for up to a day.
 */
@ApplicationModule(allowedDependencies = {"audit", "background", "definition", "generation", "meta", "outbox", "project", "web"})
@OwnsTables({"webhooks", "webhook_deliveries"})
package dev.almanac.webhook;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
