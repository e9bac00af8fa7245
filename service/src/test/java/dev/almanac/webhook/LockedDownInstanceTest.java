package dev.almanac.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import dev.almanac.testing.WebhookReceiver;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An instance as an operator locks it down: private networks not allowed for webhooks (the default),
 * so they cannot point inward (SSRF), and MCP write tools switched off.
 */
@ContextConfiguration(initializers = {TestBackends.Embedded.class, LockedDownInstanceTest.Strict.class})
class LockedDownInstanceTest extends ApiTestBase {

    /** Undoes the test backends' allowance, which a property source could not override. */
    static class Strict implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("almanac.webhooks.allow-private-networks=false", "almanac.mcp.write-tools-enabled=false")
                    .applyTo(context);
        }
    }

    @Test
    void refusesInternalAddressesWithProblemJson() {
        var t = newTenant();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            for (String url : List.of(receiver.url(), "http://localhost:" + receiver.port() + "/", "http://10.1.2.3/x",
                    "http://192.168.0.10/x", "http://172.16.5.5/x", "http://169.254.169.254/latest/meta-data/",
                    "http://[::1]/x", "http://[fd00::1]/x", "http://[fe80::1]/x", "http://[::ffff:127.0.0.1]/x",
                    "http://0.0.0.0/x", "http://100.64.0.1/x", "http://224.0.0.1/x", "https://127.1/x")) {
                Api.Response r = t.admin().post("/api/webhooks",
                        "{\"url\":\"" + url + "\",\"events\":[\"*\"],\"secret\":\"whsec-0123456789abcdef\"}");
                assertThat(r.status()).as(url + " → " + r).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("detail").asString()).contains("url");
                assertThat(r.body()).doesNotContain("Exception");
            }
            assertThat(t.admin().get("/api/webhooks").json().get("items")).isEmpty();
        }
    }

    @Test
    void mcpOffersNoWriteToolsEvenToWritersWhenSwitchedOff() {
        var t = newTenant();
        var transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port).endpoint("/mcp")
                .httpRequestCustomizer((b, method, uri, body, context) -> b.header("Authorization", "Bearer " + t.admin().bearer()))
                .build();
        try (McpSyncClient mcp = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
            mcp.initialize();
            assertThat(mcp.listTools().tools()).extracting(McpSchema.Tool::name).contains("get_project", "get_meta")
                    .doesNotContain("put_meta", "request_generation", "accept_suggestion", "reject_suggestion");
            String project = dev.almanac.testing.Fixtures.aProject().createdBy(t.writer());
            boolean refused;
            try {
                refused = mcp.callTool(new McpSchema.CallToolRequest("put_meta",
                        Map.of("project_id", project, "key", "k", "value", 1))).isError();
            } catch (RuntimeException e) {
                refused = true; // an unknown tool is a protocol error to this SDK
            }
            assertThat(refused).isTrue();
            assertThat(t.reader().get("/api/projects/" + project + "/meta/k").status()).isEqualTo(404);
        }
    }

    @Test
    void publicAddressesPassTheCheck() {
        AddressGuard guard = new AddressGuard(false);
        assertThat(guard.check("https://93.184.215.14/hook").getHost()).isEqualTo("93.184.215.14");
        assertThat(guard.check("http://[2606:4700::1111]/hook").getPort()).isEqualTo(-1);
        assertThat(new AddressGuard(true).check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
    }
}
