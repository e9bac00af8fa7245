package dev.almanac.tenancy;

import dev.almanac.cache.CachedLookup;
import dev.almanac.cache.Caches;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Bearer JWTs from an OIDC identity provider: signature (RS256, from the JWKS or a configured public
 * key; unsigned {@code alg: none} tokens never parse), expiry (with a small clock skew; a token
 * without {@code exp} is refused), issuer and audience. The tenant must exist; the role claim must
 * name reader, writer or admin (never system: that stays with the bootstrap key).
 */
@Component
class JwtAuthentication {
    private final JwtSettings settings;
    private final NimbusJwtDecoder decoder;
    private final CachedLookup<Tenants.Tenant> tenants;
    private final Tenants tenantRows;

    JwtAuthentication(JwtSettings settings, Tenants tenantRows, Caches caches) {
        this.settings = settings;
        this.tenantRows = tenantRows;
        this.tenants = caches.lookup("tenant", Tenants.Tenant.class);
        this.decoder = settings.enabled() ? decoder(settings) : null;
    }

    boolean enabled() {
        return decoder != null;
    }

    /** A JWT is three base64url parts; our API keys never contain a dot. */
    static boolean looksLikeJwt(String token) {
        return token.indexOf('.') > 0 && token.indexOf('.') != token.lastIndexOf('.');
    }

    Caller authenticate(String token, String requestId) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtValidationException e) {
            throw unauthenticated("token rejected: " + e.getErrors().stream()
                    .map(error -> error.getDescription() == null ? error.getErrorCode() : error.getDescription())
                    .toList());
        } catch (JwtException e) {
            throw unauthenticated("token is not a valid signed JWT");
        }
        String tenantId = jwt.getClaimAsString(settings.tenantClaim());
        if (tenantId == null || tenantId.isBlank()) throw unauthenticated("token has no '" + settings.tenantClaim() + "' claim");
        if (tenants.get("_", tenantId, () -> tenantRows.find(tenantId).orElse(null)) == null) {
            throw unauthenticated("token names an unknown tenant");
        }
        Role role = roleOf(jwt.getClaims().get(settings.roleClaim()));
        String subject = Objects.requireNonNullElse(jwt.getSubject(), "unknown");
        return new Caller(tenantId, "jwt:" + subject, role, requestId, System.nanoTime());
    }

    private Role roleOf(Object claim) {
        List<?> values = claim instanceof Collection<?> c ? List.copyOf(c) : claim == null ? List.of() : List.of(claim);
        Role best = null;
        for (Object value : values) {
            for (Role role : List.of(Role.READER, Role.WRITER, Role.ADMIN)) {
                if (role.wireName().equals(String.valueOf(value)) && (best == null || role.includes(best))) best = role;
            }
        }
        if (best == null) throw unauthenticated("token's '" + settings.roleClaim() + "' claim names no role (reader, writer, admin)");
        return best;
    }

    private static ApiException unauthenticated(String why) {
        return new ApiException(ErrorCode.UNAUTHENTICATED, "Invalid bearer token: " + why);
    }

    private static NimbusJwtDecoder decoder(JwtSettings settings) {
        NimbusJwtDecoder decoder = settings.jwkSetUri() != null && !settings.jwkSetUri().isBlank()
                ? NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build()
                : NimbusJwtDecoder.withPublicKey(readPublicKey(Path.of(settings.publicKeyLocation()))).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(settings.clockSkew()),
                new JwtClaimValidator<Object>("exp", Objects::nonNull),
                new JwtIssuerValidator(settings.issuer()),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(settings.audience()))));
        return decoder;
    }

    private static RSAPublicKey readPublicKey(Path pem) {
        try {
            String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("almanac.auth.jwt.public-key-location: cannot read " + pem, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("almanac.auth.jwt.public-key-location: " + pem
                    + " is not a PEM RSA public key (-----BEGIN PUBLIC KEY-----)", e);
        }
    }
}
