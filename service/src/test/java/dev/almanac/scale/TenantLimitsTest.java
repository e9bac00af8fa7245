package dev.almanac.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.ScaleBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/** Per-tenant request rate (buckets in Redis) and AI budget (counted in PostgreSQL). */
@ContextConfiguration(initializers = ScaleBackend.class)
class TenantLimitsTest extends ApiTestBase {

    private void setLimits(String tenant, String json) {
        Api.Response r = system.put("/api/admin/tenants/" + tenant + "/limits", json);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void tenantOverItsRateGets429WhileAnotherTenantAtTheSameTimeGetsNone() throws Exception {
        TenantKeys noisy = newTenant();
        TenantKeys quiet = newTenant();
        setLimits(noisy.id(), "{\"requests_per_second\":1,\"burst\":5}");
        setLimits(quiet.id(), "{\"requests_per_second\":50,\"burst\":100}");
        assertThat(noisy.writer().post("/api/projects", "{\"id\":\"p\",\"name\":\"p\"}").status()).isEqualTo(201);
        assertThat(quiet.writer().post("/api/projects", "{\"id\":\"p\",\"name\":\"p\"}").status()).isEqualTo(201);

        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads * 2);
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        List<Future<List<Api.Response>>> noisyResults = new ArrayList<>();
        List<Future<List<Api.Response>>> quietResults = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            noisyResults.add(pool.submit(burst(noisy.reader(), start, 10)));
            quietResults.add(pool.submit(burst(quiet.reader(), start, 10)));
        }
        List<Api.Response> noisyAll = new ArrayList<>();
        List<Api.Response> quietAll = new ArrayList<>();
        for (var f : noisyResults) noisyAll.addAll(f.get());
        for (var f : quietResults) quietAll.addAll(f.get());
        pool.shutdown();

        assertThat(quietAll).extracting(Api.Response::status).as("the quiet tenant").containsOnly(200);
        List<Api.Response> refused = noisyAll.stream().filter(r -> r.status() == 429).toList();
        // 40 requests against a burst of 5 and 1/s: at most 5 + elapsed seconds pass
        assertThat(refused.size()).as("refused requests of the noisy tenant").isGreaterThanOrEqualTo(25);
        assertThat(noisyAll).extracting(Api.Response::status).containsOnly(200, 429);
        Api.Response one = refused.get(0);
        assertThat(one.contentType()).startsWith("application/problem+json");
        assertThat(one.json().get("type").asString()).endsWith("/too-many-requests");
        assertThat(Long.parseLong(one.header("Retry-After"))).isBetween(1L, 2L);
    }

    @Test
    void generationJobsBeyondTheDailyBudgetAre429UntilTomorrow() {
        TenantKeys tenant = newTenant();
        setLimits(tenant.id(), "{\"generation_jobs_per_day\":2}");
        assertThat(tenant.writer().post("/api/projects", "{\"id\":\"g\",\"name\":\"Budget\",\"description\":\"Quarterly revenue of the finance team.\"}").status()).isEqualTo(201);

        assertThat(tenant.writer().post("/api/projects/g/generate_metadata?force=true", "").status()).isEqualTo(202);
        assertThat(tenant.writer().post("/api/projects/g/generate_metadata?force=true", "").status()).isEqualTo(202);
        Api.Response over = tenant.writer().post("/api/projects/g/generate_metadata?force=true", "");
        assertThat(over.status()).as(over.toString()).isEqualTo(429);
        assertThat(over.json().get("type").asString()).endsWith("/ai-budget-exhausted");
        assertThat(Long.parseLong(over.header("Retry-After"))).isBetween(1L, 86_401L);

        Api.Response limits = tenant.admin().get("/api/admin/tenants/" + tenant.id() + "/limits");
        assertThat(limits.json().get("generation_jobs_today").asInt()).isEqualTo(2);
        assertThat(limits.json().get("effective").get("generation_jobs_per_day").asInt()).isEqualTo(2);

        TenantKeys other = newTenant();
        assertThat(other.writer().post("/api/projects", "{\"id\":\"g\",\"name\":\"Other\"}").status()).isEqualTo(201);
        assertThat(other.writer().post("/api/projects/g/generate_metadata?force=true", "").status()).as("another tenant's budget").isEqualTo(202);

        setLimits(tenant.id(), "{\"generation_jobs_per_day\":3}");
        assertThat(tenant.writer().post("/api/projects/g/generate_metadata?force=true", "").status()).as("after raising the budget").isEqualTo(202);
    }

    @Test
    void onlyTheSystemKeyChangesLimits() {
        TenantKeys tenant = newTenant();
        Api.Response r = tenant.admin().put("/api/admin/tenants/" + tenant.id() + "/limits", "{\"requests_per_second\":100000}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(system.put("/api/admin/tenants/" + tenant.id() + "/limits", "{\"burst\":0}").status()).isEqualTo(400);
        assertThat(system.put("/api/admin/tenants/nobody-here/limits", "{}").status()).isEqualTo(404);
        assertThat(newTenant().admin().get("/api/admin/tenants/" + tenant.id() + "/limits").status()).isEqualTo(404);
    }

    private static Callable<List<Api.Response>> burst(Api api, CyclicBarrier start, int requests) {
        return () -> {
            start.await();
            List<Api.Response> out = new ArrayList<>();
            for (int i = 0; i < requests; i++) out.add(api.get("/api/projects/p"));
            return out;
        };
    }
}
