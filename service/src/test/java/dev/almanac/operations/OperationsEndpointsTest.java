package dev.almanac.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/** Health, metrics and the OpenAPI document are served without an API key. */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
class OperationsEndpointsTest extends ApiTestBase {

    @Test
    void healthIncludesTheDatabaseAndProbes() {
        Api.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components").get("searchIndex").get("details").has("lag_events")).isTrue();
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsAreExposed() {
        newTenant().reader().get("/api/projects");
        Api.Response metrics = anonymous.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds").contains("hikaricp_connections");
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        Api.Response docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        var paths = docs.json().get("paths");
        assertThat(paths.has("/api/projects")).isTrue();
        assertThat(paths.has("/api/projects/{projectId}/meta/{key}")).isTrue();
        assertThat(paths.has("/api/admin/tenants/{tenant}/keys")).isTrue();
        assertThat(paths.has("/api/operations")).isTrue();
        assertThat(paths.has("/api/search")).isTrue();
        assertThat(paths.has("/api/v1/metadata/{type}/{name}")).isTrue();
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
