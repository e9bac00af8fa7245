package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Webhooks (issue 14), against a real HTTP receiver on 127.0.0.1 (private networks allowed in tests). */
abstract class WebhooksContract extends ApiTestBase {
    private static final String SECRET = "whsec-0123456789abcdef";

    private String register(Api admin, String url, String... events) {
        Api.Response r = admin.post("/api/webhooks", "{\"url\":\"" + url + "\",\"events\":" + Api.JSON.writeValueAsString(List.of(events))
                + ",\"secret\":\"" + SECRET + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static List<WebhookReceiver.Received> awaitReceived(WebhookReceiver receiver, int n) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.received().size() >= n);
        return receiver.received();
    }

    private static void assertSigned(WebhookReceiver.Received r) {
        String[] parts = r.signature().split(",");
        assertThat(parts[0]).startsWith("t=");
        assertThat(parts[1]).startsWith("v1=");
        String t = parts[0].substring(2);
        assertThat(parts[1].substring(3)).isEqualTo(hmac(SECRET, t + "." + r.body()));
        assertThat(parts[1].substring(3)).isNotEqualTo(hmac("another-secret-0000", t + "." + r.body()));
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deliversSignedEventsInOrderPerProject() {
        var t = newTenant();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            register(t.admin(), receiver.url(), "project.*", "meta.*");
            String a = aProject().createdBy(t.writer());
            String b = aProject().createdBy(t.writer());
            for (int i = 0; i < 4; i++) {
                t.writer().put("/api/projects/" + a + "/meta/step", "\"a" + i + "\"");
                t.writer().put("/api/projects/" + b + "/meta/step", "\"b" + i + "\"");
            }
            t.writer().patch("/api/projects/" + a, "{\"name\":\"renamed\"}");
            t.writer().delete("/api/projects/" + b + "/meta/step");

            List<WebhookReceiver.Received> got = awaitReceived(receiver, 12);
            assertThat(got).hasSize(12);
            got.forEach(WebhooksContract::assertSigned);

            List<WebhookReceiver.Received> ofA = got.stream()
                    .filter(r -> a.equals(r.json().get("data").path("project_id").asString(null))
                            || a.equals(r.json().get("data").path("id").asString(null)))
                    .toList();
            assertThat(ofA).extracting(WebhookReceiver.Received::event).containsExactly("project.created",
                    "meta.updated", "meta.updated", "meta.updated", "meta.updated", "project.updated");
            assertThat(ofA.subList(1, 5)).extracting(r -> r.json().get("data").get("value").asString())
                    .containsExactly("a0", "a1", "a2", "a3");

            JsonNode meta = ofA.get(1).json();
            assertThat(meta.get("type").asString()).isEqualTo("meta.updated");
            assertThat(meta.get("tenant").asString()).isEqualTo(t.id());
            assertThat(meta.get("id").asString()).startsWith("evt_");
            assertThat(Instant.parse(meta.get("occurred_at").asString())).isNotNull();
            assertThat(meta.get("data").get("key").asString()).isEqualTo("step");
            assertThat(ofA.getLast().json().get("data").get("name").asString()).isEqualTo("renamed");
            assertThat(ofA.get(0).delivery()).startsWith("dlv_");

            assertThat(got.getLast().event()).isIn("meta.deleted", "project.updated");
            assertThat(got.stream().filter(r -> r.event().equals("meta.deleted")).findFirst().orElseThrow().json()
                    .get("data").get("key").asString()).isEqualTo("step");
        }
    }

    @Test
    void receiverThatWasDownGetsEveryEventAfterwardsInOrder() {
        var t = newTenant();
        try (WebhookReceiver receiver = WebhookReceiver.down()) {
            String hook = register(t.admin(), receiver.url(), "*");
            String id = aProject().createdBy(t.writer());
            for (int i = 0; i < 3; i++) t.writer().put("/api/projects/" + id + "/meta/n", String.valueOf(i));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode items = t.admin().get("/api/webhooks/" + hook + "/deliveries").json().get("items");
                return items.size() == 4 && !items.get(3).path("last_error").isNull() && items.get(3).has("last_error");
            });
            JsonNode items = t.admin().get("/api/webhooks/" + hook + "/deliveries").json().get("items");
            JsonNode first = items.get(3);
            assertThat(first.get("status").asString()).isEqualTo("pending");
            assertThat(first.get("last_error").asString()).startsWith("could not connect");
            // the later events of the project wait behind the first
            assertThat(items.get(0).get("attempts").asInt()).isZero();

            receiver.up();
            clock.advance(Duration.ofHours(1));
            List<WebhookReceiver.Received> got = awaitReceived(receiver, 4);
            assertThat(got).extracting(WebhookReceiver.Received::event)
                    .containsExactly("project.created", "meta.updated", "meta.updated", "meta.updated");
            assertThat(got.subList(1, 4)).extracting(r -> r.json().get("data").get("value").asInt()).containsExactly(0, 1, 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode all = t.admin().get("/api/webhooks/" + hook + "/deliveries").json().get("items");
                for (JsonNode d : all) if (!d.get("status").asString().equals("delivered")) return false;
                return all.size() == 4;
            });
        }
    }

    @Test
    void failingReceiverIsRetriedUntilItAccepts() {
        var t = newTenant();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer.set(503);
            String hook = register(t.admin(), receiver.url(), "project.created");
            aProject().createdBy(t.writer());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> t.admin()
                    .get("/api/webhooks/" + hook + "/deliveries").json().get("items").path(0).path("last_status_code").asInt() == 503);
            JsonNode pending = t.admin().get("/api/webhooks/" + hook + "/deliveries").json().get("items").get(0);
            assertThat(pending.get("status").asString()).isEqualTo("pending");
            assertThat(Instant.parse(pending.get("next_attempt_at").asString()))
                    .isAfter(Instant.parse(pending.get("last_attempt_at").asString()).plusSeconds(5));

            receiver.answer.set(204);
            clock.advance(Duration.ofMinutes(5));
            assertThat(awaitReceived(receiver, 1).getFirst().event()).isEqualTo("project.created");
            await().atMost(Duration.ofSeconds(10)).until(() -> t.admin().get("/api/webhooks/" + hook + "/deliveries").json()
                    .get("items").get(0).get("status").asString().equals("delivered"));
            JsonNode delivered = t.admin().get("/api/webhooks/" + hook + "/deliveries").json().get("items").get(0);
            assertThat(delivered.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(delivered.get("last_status_code").asInt()).isEqualTo(204);
        }
    }

    @Test
    void redeliverSendsTheSameEventAgain() {
        var t = newTenant();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String hook = register(t.admin(), receiver.url(), "project.created");
            aProject().createdBy(t.writer());
            WebhookReceiver.Received first = awaitReceived(receiver, 1).getFirst();

            Api.Response again = t.admin().post("/api/webhooks/" + hook + "/deliveries/" + first.delivery() + "/redeliver", "");
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            assertThat(again.json().get("status").asString()).isEqualTo("pending");

            WebhookReceiver.Received second = awaitReceived(receiver, 2).get(1);
            assertThat(second.delivery()).isEqualTo(again.json().get("id").asString()).isNotEqualTo(first.delivery());
            assertThat(second.body()).isEqualTo(first.body());
            assertSigned(second);
            assertThat(t.admin().post("/api/webhooks/" + hook + "/deliveries/dlv_nope/redeliver", "").status()).isEqualTo(404);
            JsonNode redelivered = t.admin().get("/api/operations?operation=redeliver_webhook").json().get("items");
            assertThat(redelivered.get(0).get("status").asString()).isEqualTo("failed"); // the 404 one
            assertThat(redelivered.get(1).get("details").get("delivery").asString()).isEqualTo(first.delivery());
        }
    }

    @Test
    void creatingAndDeletingAWebhookIsAuditedWithoutItsSecret() {
        var t = newTenant();
        String hook = register(t.admin(), "http://127.0.0.1:9/audited", "project.*");
        assertThat(t.writer().delete("/api/webhooks/" + hook).status()).isEqualTo(403);
        assertThat(t.admin().delete("/api/webhooks/" + hook).status()).isEqualTo(204);
        assertThat(t.admin().delete("/api/webhooks/" + hook).status()).isEqualTo(404);

        JsonNode created = t.admin().get("/api/operations?operation=create_webhook").json().get("items");
        assertThat(created).hasSize(1);
        assertThat(created.get(0).get("resource_id").asString()).isEqualTo(hook);
        assertThat(created.get(0).get("actor").asString()).contains("admin");
        assertThat(created.get(0).get("details").get("url").asString()).isEqualTo("http://127.0.0.1:9/audited");
        assertThat(created.get(0).toString()).doesNotContain(SECRET);

        JsonNode deleted = t.admin().get("/api/operations?operation=delete_webhook").json().get("items");
        List<String> outcomes = new java.util.ArrayList<>();
        deleted.forEach(e -> outcomes.add(e.get("status").asString() + " " + e.get("resource_id").asString()));
        assertThat(outcomes).containsExactly("failed " + hook, "success " + hook, "denied " + hook);
    }

    @Test
    void tenantsSeeAndHearOnlyTheirOwn() {
        var a = newTenant();
        var b = newTenant();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String hook = register(a.admin(), receiver.url(), "project.*");
            aProject().createdBy(b.writer());
            String mine = aProject().createdBy(a.writer());
            List<WebhookReceiver.Received> got = awaitReceived(receiver, 1);
            assertThat(got).hasSize(1);
            assertThat(got.getFirst().json().get("data").get("id").asString()).isEqualTo(mine);

            assertThat(b.admin().get("/api/webhooks/" + hook).status()).isEqualTo(404);
            assertThat(b.admin().get("/api/webhooks/" + hook + "/deliveries").status()).isEqualTo(404);
            assertThat(b.admin().delete("/api/webhooks/" + hook).status()).isEqualTo(404);
            assertThat(b.admin().get("/api/webhooks").json().get("items")).isEmpty();
            assertThat(a.admin().get("/api/webhooks/" + hook).status()).isEqualTo(200);
        }
    }

    @Test
    void onlyAdminsManageWebhooksAndTheSecretIsNeverShown() {
        var t = newTenant();
        Api.Response byWriter = t.writer().post("/api/webhooks",
                "{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"*\"],\"secret\":\"" + SECRET + "\"}");
        assertThat(byWriter.status()).isEqualTo(403);
        assertThat(byWriter.contentType()).startsWith("application/problem+json");
        assertThat(t.reader().get("/api/webhooks").status()).isEqualTo(403);

        String hook = register(t.admin(), "http://127.0.0.1:9/x", "definition.*", "job.failed");
        assertThat(t.admin().get("/api/webhooks/" + hook).body()).doesNotContain(SECRET).doesNotContain("secret");
        assertThat(t.admin().get("/api/webhooks").body()).doesNotContain(SECRET);
        assertThat(t.admin().get("/api/webhooks/" + hook).json().get("events").toString()).isEqualTo("[\"definition.*\",\"job.failed\"]");
        assertThat(t.admin().delete("/api/webhooks/" + hook).status()).isEqualTo(204);
        assertThat(t.admin().get("/api/webhooks/" + hook).status()).isEqualTo(404);
    }

    @Test
    void refusesUrlsAndEventsItCannotServe() {
        var t = newTenant();
        for (String body : List.of(
                "{\"url\":\"ftp://127.0.0.1/x\",\"events\":[\"*\"],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"file:///etc/passwd\",\"events\":[\"*\"],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"http://user:pw@127.0.0.1/x\",\"events\":[\"*\"],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"http://127.0.0.1/x\",\"events\":[\"nothing.*\"],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"http://127.0.0.1/x\",\"events\":[],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"http://127.0.0.1/x\",\"events\":[\"*\"],\"secret\":\"short\"}")) {
            Api.Response r = t.admin().post("/api/webhooks", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(t.admin().get("/api/webhooks").json().get("items")).isEmpty();
    }
}
