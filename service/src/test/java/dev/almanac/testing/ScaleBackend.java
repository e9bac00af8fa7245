package dev.almanac.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded database plus what running at scale adds: a Redis of the test's own (it may be
 * killed), and JWT authentication against a local identity provider whose JWKS this class serves
 * and whose key signs {@link #token} — all real, all in process.
 */
public final class ScaleBackend implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    public static final String ISSUER = "https://idp.test.local/realms/almanac";
    public static final String AUDIENCE = "almanac-api";
    public static final RedisServer REDIS = RedisServer.start();
    public static final RSAKey SIGNING_KEY = newKey("key-1");
    private static final String JWKS_URI = serveJwks();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        new TestBackends.Embedded().initialize(context);
        TestPropertyValues.of(
                        "almanac.redis.url=" + REDIS.url(),
                        "almanac.redis.prefix=test-" + UUID.randomUUID() + ":",
                        "almanac.auth.jwt.issuer=" + ISSUER,
                        "almanac.auth.jwt.audience=" + AUDIENCE,
                        "almanac.auth.jwt.jwk-set-uri=" + JWKS_URI,
                        "almanac.auth.jwt.tenant-claim=almanac_tenant",
                        "almanac.auth.jwt.role-claim=almanac_roles",
                        // budgets are charged at request time; running the jobs would only load the model
                        "almanac.generation.enabled=false")
                .applyTo(context);
    }

    public static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token signed with {@code key} (RS256) carrying these claims. */
    public static String token(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(SIGNING_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(null);
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
