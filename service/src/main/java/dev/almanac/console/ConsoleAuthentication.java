package dev.almanac.console;

import dev.almanac.tenancy.ApiKeys;
import dev.almanac.web.Caller;
import dev.almanac.web.RequestIds;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who is using the console. Every console page but sign-in needs a live session (else: to the
 * sign-in page), whose key is looked up again on each request, so a revoked key's sessions end at
 * once; the key's tenant and role become the request's {@link Caller}, exactly as an API request's.
 * Every POST must carry the session's CSRF token ({@code _csrf}), else 403. The cookie is HttpOnly,
 * SameSite=Strict (and Secure over HTTPS), which already stops cross-site posts in today's browsers;
 * the token is the second lock for older ones. Signing in has no session yet: its form carries the
 * token of a pre-session cookie instead (double submit, see {@link SignInPage}), else 403.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleAuthentication implements WebMvcConfigurer, HandlerInterceptor {
    static final String COOKIE = "almanac_session";
    static final String SESSION = ConsoleSessions.Session.class.getName();
    static final String CSRF_FIELD = "_csrf";

    private final ConsoleSessions sessions;
    private final ApiKeys keys;

    ConsoleAuthentication(ConsoleSessions sessions, ApiKeys keys) {
        this.sessions = sessions;
        this.keys = keys;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getPackageName().equals(ConsoleAuthentication.class.getPackageName())) {
            return true; // the API, static files: not the console's business
        }
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            return true; // the end of a stream (job events) already let in: its response is under way
        }
        // pages show a tenant's data (and once, a new key's secret): never kept by a browser or a proxy
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        boolean signingIn = method.getBeanType() == SignInPage.class && method.getMethod().getName().equals("signIn");
        if (signingIn && !tokenMatches(request.getParameter(CSRF_FIELD), cookie(request, SignInPage.TOKEN_COOKIE))) {
            // login CSRF: a forged cross-site post would sign the victim in as the attacker's key
            throw new ConsoleForbidden("The sign-in form was not sent from this site's sign-in page (missing or wrong "
                    + "sign-in token). Open the sign-in page again and sign in from there.");
        }
        Optional<ConsoleSessions.Session> session = sessions.use(cookie(request));
        Optional<ApiKeys.ApiKey> key = session.flatMap(s -> keys.authenticateFingerprint(s.keyFingerprint()));
        if (session.isPresent() && key.isEmpty()) sessions.end(session.get().id()); // the key was revoked
        boolean open = method.getBeanType() == SignInPage.class;
        if (key.isEmpty()) {
            if (open) return true;
            response.sendRedirect(request.getContextPath() + "/sign-in");
            return false;
        }
        ApiKeys.ApiKey k = key.get();
        request.setAttribute(SESSION, session.get());
        request.setAttribute(Caller.ATTRIBUTE, new Caller(k.tenantId(), k.id() + " (" + k.name() + ")", k.role(),
                RequestIds.of(request), System.nanoTime()));
        if ("POST".equals(request.getMethod()) && !signingIn && !tokenMatches(request.getParameter(CSRF_FIELD), session.get().csrfToken())) {
            throw new ConsoleForbidden("The form was not sent from this session's pages (missing or wrong CSRF token).");
        }
        return true;
    }

    static void setCookie(HttpServletRequest request, HttpServletResponse response, String value, boolean clear) {
        ResponseCookie cookie = ResponseCookie.from(COOKIE, value)
                .httpOnly(true)
                .secure(request.isSecure())
                .sameSite("Strict")
                .path("/")
                .maxAge(clear ? 0 : -1)
                .build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }

    static String cookie(HttpServletRequest request) {
        return cookie(request, COOKIE);
    }

    static String cookie(HttpServletRequest request, String name) {
        if (request.getCookies() == null) return null;
        for (Cookie c : request.getCookies()) {
            if (name.equals(c.getName())) return c.getValue();
        }
        return null;
    }

    private static boolean tokenMatches(String sent, String expected) {
        return sent != null && expected != null && !expected.isEmpty() && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** A form post that did not come from this session's pages. */
    static final class ConsoleForbidden extends RuntimeException {
        ConsoleForbidden(String message) {
            super(message, null, false, false);
        }
    }
}
