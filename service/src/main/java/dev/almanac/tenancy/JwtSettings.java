package dev.almanac.tenancy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.auth.jwt.*}: accept OIDC/JWT bearer tokens next to API keys. On when {@code issuer}
 * is set; then {@code audience} and one of {@code jwk-set-uri} (the identity provider's JWKS) or
 * {@code public-key-location} (a PEM file) are required. The tenant comes from {@code tenant-claim},
 * the role ({@code reader}, {@code writer} or {@code admin}; a list takes the highest) from
 * {@code role-claim}.
 *
 * @param issuer expected iss of bearer JWTs; setting it turns JWT authentication on
 * @param audience expected aud (required with issuer)
 * @param jwkSetUri the identity provider's JWKS URL (or public-key-location)
 * @param publicKeyLocation a PEM public key file (or jwk-set-uri)
 * @param tenantClaim claim naming the tenant
 * @param roleClaim claim naming the role: reader, writer or admin (a list takes the highest)
 * @param clockSkew tolerated difference between clocks for exp and nbf
 */
@ConfigurationProperties("almanac.auth.jwt")
record JwtSettings(
        String issuer,
        String audience,
        String jwkSetUri,
        String publicKeyLocation,
        @DefaultValue("tenant") String tenantClaim,
        @DefaultValue("role") String roleClaim,
        @DefaultValue("60s") Duration clockSkew) {

    boolean enabled() {
        return issuer != null && !issuer.isBlank();
    }

    JwtSettings {
        if (issuer != null && !issuer.isBlank()) {
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("almanac.auth.jwt.issuer is set: set almanac.auth.jwt.audience too");
            }
            if (isBlank(jwkSetUri) == isBlank(publicKeyLocation)) {
                throw new IllegalArgumentException("almanac.auth.jwt.issuer is set: set exactly one of "
                        + "almanac.auth.jwt.jwk-set-uri and almanac.auth.jwt.public-key-location");
            }
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
