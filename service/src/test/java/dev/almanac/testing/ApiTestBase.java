package dev.almanac.testing;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Base of every test that talks to a running Almanac over HTTP. Subclasses pick the database with
 * {@code @ContextConfiguration(initializers = TestBackends.Embedded.class)} or {@code .External}.
 * Tests share one context per backend; each test works in tenants of its own (see {@link #newTenant}),
 * so tests never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(MovableClock.Setup.class)
public abstract class ApiTestBase {
    @Value("${local.server.port}")
    protected int port;

    /** The application's clock: move it instead of sleeping. */
    @Autowired
    protected MovableClock clock;

    protected Api anonymous;
    protected Api system;

    @BeforeEach
    void connect() {
        anonymous = new Api("http://127.0.0.1:" + port);
        system = anonymous.as(TestBackends.SYSTEM_TOKEN);
    }

    /** A new tenant with one key per role. */
    protected TenantKeys newTenant() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = system.post("/api/admin/tenants", "{\"id\":\"" + id + "\",\"name\":\"Tenant " + id + "\"}");
        if (created.status() != 201) throw new IllegalStateException("could not create tenant: " + created);
        return new TenantKeys(id, key(id, "reader"), key(id, "writer"), key(id, "admin"));
    }

    private Api key(String tenant, String role) {
        Api.Response r = system.post("/api/admin/tenants/" + tenant + "/keys", "{\"name\":\"" + role + "-key\",\"role\":\"" + role + "\"}");
        if (r.status() != 201) throw new IllegalStateException("could not create key: " + r);
        return anonymous.as(r.json().get("key").asString());
    }

    public record TenantKeys(String id, Api reader, Api writer, Api admin) {}
}
