package dev.almanac.tenancy;

import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.ProblemWriter;
import dev.almanac.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api} and {@code /mcp} request must carry {@code Authorization: Bearer <key>}: an API key or, when
 * {@code almanac.auth.jwt.issuer} is set, a JWT from the identity provider ({@link JwtAuthentication}).
 * The key or token decides the tenant and role for the whole request. Unauthenticated attempts are logged here (not in the
 * operations log: a flood of bad keys must not turn into a flood of database writes).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class ApiKeyAuthentication extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthentication.class);
    private static final int MAX_KEY_LENGTH = 512;
    private static final int MAX_JWT_LENGTH = 8192;
    private final ApiKeys keys;
    private final JwtAuthentication jwt;

    ApiKeyAuthentication(ApiKeys keys, JwtAuthentication jwt) {
        this.keys = keys;
        this.jwt = jwt;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/api") || path.startsWith("/api/") || path.equals("/mcp") || path.startsWith("/mcp/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<ApiKeys.ApiKey> key = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String presented = header.substring(7).trim();
            if (jwt.enabled() && JwtAuthentication.looksLikeJwt(presented) && presented.length() <= MAX_JWT_LENGTH) {
                authenticateJwt(presented, request, response, chain);
                return;
            }
            if (!presented.isEmpty() && presented.length() <= MAX_KEY_LENGTH) {
                key = keys.authenticate(presented);
            }
        }
        if (key.isEmpty()) {
            log.info("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(),
                    header == null ? "no Authorization header" : "unknown or revoked API key");
            response.setHeader("WWW-Authenticate", "Bearer");
            ProblemWriter.write(request, response, new ApiException(ErrorCode.UNAUTHENTICATED,
                    "Send a valid API key as 'Authorization: Bearer <key>'"));
            return;
        }
        ApiKeys.ApiKey k = key.get();
        request.setAttribute(Caller.ATTRIBUTE, new Caller(k.tenantId(), k.id() + " (" + k.name() + ")", k.role(),
                RequestIds.of(request), System.nanoTime()));
        chain.doFilter(request, response);
    }

    private void authenticateJwt(String token, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller;
        try {
            caller = jwt.authenticate(token, RequestIds.of(request));
        } catch (ApiException e) {
            log.info("Rejected {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ProblemWriter.write(request, response, e);
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }
}
