package dev.almanac.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Webhooks' crash promise: every acknowledged change reaches the receiver after {@code kill -9} of
 * the service and a restart on the same data, in order per project (a change may arrive twice).
 */
class WebhookCrashIT {

    @Test
    void everyAcknowledgedChangeIsDeliveredAfterSigkill() throws Exception {
        Path data = Files.createTempDirectory("almanac-webhook-crash-");
        Map<String, String> env = Map.of("ALMANAC_WEBHOOKS_ALLOWPRIVATENETWORKS", "true");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            ServiceProcess first = ServiceProcess.startOn(data, data.resolveSibling(data.getFileName() + "-1.log"), env);
            Api api = first.api();
            Api.Response hook = api.post("/api/webhooks", "{\"url\":\"" + receiver.url()
                    + "\",\"events\":[\"meta.*\"],\"secret\":\"crash-test-secret-0123\"}");
            assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
            assertThat(api.post("/api/projects", "{\"id\":\"crash-hooks\",\"name\":\"crash\"}").status()).isEqualTo(201);

            List<Integer> acknowledged = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        int status = api.put("/api/projects/crash-hooks/meta/counter", Integer.toString(i)).status();
                        if (status == 200 || status == 201) {
                            acknowledged.add(i);
                        }
                    } catch (RuntimeException e) {
                        return; // the service is gone
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 150);
            first.kill();
            stop.set(true);
            writer.join(60_000);

            ServiceProcess second = ServiceProcess.startOn(data, data.resolveSibling(data.getFileName() + "-2.log"), env);
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> received(receiver)
                        .containsAll(acknowledged));
                List<Integer> firstArrivals = new ArrayList<>(received(receiver));
                assertThat(firstArrivals).as("first arrivals in the order of the changes").isSorted();
            } finally {
                second.stop();
            }
        }
    }

    private static Set<Integer> received(WebhookReceiver receiver) {
        Set<Integer> values = new LinkedHashSet<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            if ("meta.updated".equals(r.event())) values.add(r.json().get("data").get("value").asInt());
        }
        return values;
    }
}
