package dev.almanac.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.ScaleBackend;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/** OIDC/JWT bearer tokens next to API keys, against a local identity provider (JWKS over HTTP). */
@ContextConfiguration(initializers = ScaleBackend.class)
class JwtAuthenticationTest extends ApiTestBase {

    private JWTClaimsSet.Builder claims(String tenant, Object roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ScaleBackend.ISSUER)
                .audience(List.of(ScaleBackend.AUDIENCE, "account"))
                .subject("user-" + UUID.randomUUID())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(5, ChronoUnit.MINUTES)))
                .claim("almanac_tenant", tenant)
                .claim("almanac_roles", roles);
    }

    private Api bearer(String token) {
        return anonymous.as(token);
    }

    @Test
    void validTokenActsInItsTenantWithItsRole() {
        TenantKeys tenant = newTenant();
        Api writer = bearer(ScaleBackend.token(ScaleBackend.SIGNING_KEY, claims(tenant.id(), List.of("reader", "writer")).build()));
        Api.Response created = writer.post("/api/projects", "{\"id\":\"jwt-made\",\"name\":\"Made with a JWT\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(tenant.reader().get("/api/projects/jwt-made").status()).as("visible to the tenant's API keys").isEqualTo(200);
        assertThat(newTenant().reader().get("/api/projects/jwt-made").status()).as("not to another tenant").isEqualTo(404);

        Api reader = bearer(ScaleBackend.token(ScaleBackend.SIGNING_KEY, claims(tenant.id(), "reader").build()));
        assertThat(reader.get("/api/projects/jwt-made").status()).isEqualTo(200);
        Api.Response forbidden = reader.post("/api/projects", "{\"name\":\"nope\"}");
        assertThat(forbidden.status()).isEqualTo(403);
    }

    @Test
    void badTokensAre401ProblemJson() {
        TenantKeys tenant = newTenant();
        Instant past = Instant.now().minus(1, ChronoUnit.HOURS);
        var good = claims(tenant.id(), "admin");
        String payloadOfGood = ScaleBackend.token(ScaleBackend.SIGNING_KEY, good.build()).split("\\.")[1];
        var cases = new java.util.LinkedHashMap<String, String>();
        cases.put("expired", sign(claims(tenant.id(), "admin").issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60)))));
        cases.put("no expiry", sign(claims(tenant.id(), "admin").expirationTime(null)));
        cases.put("wrong issuer", sign(claims(tenant.id(), "admin").issuer("https://evil.example/")));
        cases.put("wrong audience", sign(claims(tenant.id(), "admin").audience("someone-else")));
        cases.put("alg none", Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payloadOfGood + ".");
        cases.put("wrong key, same kid", ScaleBackend.token(ScaleBackend.newKey(ScaleBackend.SIGNING_KEY.getKeyID()), good.build()));
        cases.put("unknown kid", ScaleBackend.token(ScaleBackend.newKey("other"), good.build()));
        cases.put("tampered payload", tamper(ScaleBackend.token(ScaleBackend.SIGNING_KEY, good.build()),
                claims("default", "admin").build()));
        cases.put("unknown tenant", sign(claims("no-such-tenant", "admin")));
        cases.put("no role", sign(claims(tenant.id(), "superuser")));
        cases.put("system role is not for tokens", sign(claims(tenant.id(), "system")));

        for (var c : cases.entrySet()) {
            Api.Response r = bearer(c.getValue()).get("/api/projects");
            assertThat(r.status()).as(c.getKey() + ": " + r).isEqualTo(401);
            assertThat(r.contentType()).as(c.getKey()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).as(c.getKey()).endsWith("/unauthenticated");
        }
    }

    @Test
    void apiKeysStillWorkNextToTokens() {
        TenantKeys tenant = newTenant();
        assertThat(tenant.writer().post("/api/projects", "{\"name\":\"by key\"}").status()).isEqualTo(201);
        assertThat(anonymous.as("alm_not-a-real-key").get("/api/projects").status()).isEqualTo(401);
    }

    private static String sign(JWTClaimsSet.Builder claims) {
        return ScaleBackend.token(ScaleBackend.SIGNING_KEY, claims.build());
    }

    /** Keeps header and signature, swaps the payload: the signature no longer matches. */
    private static String tamper(String token, JWTClaimsSet other) {
        String[] parts = token.split("\\.");
        UnaryOperator<String> encode = s -> Base64URL.encode(s).toString();
        return parts[0] + "." + encode.apply(other.toString()) + "." + parts[2];
    }
}
