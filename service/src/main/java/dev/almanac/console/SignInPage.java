package dev.almanac.console;

import dev.almanac.tenancy.ApiKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in exchanges an API key for a session; the key itself is never put in a page, a cookie or
 * storage. Single sign-on (OpenID Connect) would be a second way to reach {@link #startSession}:
 * whatever proves who the person is, the session holds a key's identity from then on.
 */
@Controller
class SignInPage {
    static final String TOKEN_COOKIE = "almanac_sign_in";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeys keys;
    private final ConsoleSessions sessions;

    SignInPage(ApiKeys keys, ConsoleSessions sessions) {
        this.keys = keys;
        this.sessions = sessions;
    }

    @GetMapping("/")
    String home(HttpServletRequest request) {
        return request.getAttribute(ConsoleAuthentication.SESSION) == null ? "redirect:/sign-in" : "redirect:/projects";
    }

    @GetMapping("/sign-in")
    String form(HttpServletRequest request, HttpServletResponse response, Model model) {
        if (request.getAttribute(ConsoleAuthentication.SESSION) != null) return "redirect:/projects";
        model.addAttribute("signInToken", signInToken(request, response));
        return "console/sign-in";
    }

    /**
     * Login CSRF defence, a double submit: the form carries a random token that is also in a cookie
     * only this site's pages get (HttpOnly, SameSite=Strict, path /sign-in); a post whose field and
     * cookie differ is refused (403, {@link ConsoleAuthentication}). A cross-site page can neither read
     * the cookie nor make the browser send it. Kept while it is well-formed, so two open tabs both work.
     */
    private String signInToken(HttpServletRequest request, HttpServletResponse response) {
        String token = ConsoleAuthentication.cookie(request, TOKEN_COOKIE);
        if (token == null || !token.matches("[0-9a-f]{64}")) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            token = HexFormat.of().formatHex(bytes);
        }
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(TOKEN_COOKIE, token).httpOnly(true)
                .secure(request.isSecure()).sameSite("Strict").path("/sign-in").build().toString());
        return token;
    }

    @PostMapping("/sign-in")
    String signIn(@RequestParam(name = "api_key", defaultValue = "") String apiKey, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        String presented = apiKey.strip();
        var key = presented.isEmpty() || presented.length() > 512 ? java.util.Optional.<ApiKeys.ApiKey>empty()
                : keys.authenticate(presented);
        if (key.isEmpty()) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("signInToken", signInToken(request, response));
            model.addAttribute("error", "That API key is unknown or revoked.");
            return "console/sign-in";
        }
        startSession(request, response, key.get(), ApiKeys.fingerprint(presented));
        return "redirect:/projects";
    }

    private void startSession(HttpServletRequest request, HttpServletResponse response, ApiKeys.ApiKey key, String fingerprint) {
        String old = ConsoleAuthentication.cookie(request);
        if (old != null) sessions.end(old); // a new id at every sign-in: no session fixation
        sessions.endIdle(); // they are refused anyway; a sign-in is a rare enough moment to sweep them
        ConsoleSessions.Session session = sessions.create(key.tenantId(), key.id(), fingerprint);
        ConsoleAuthentication.setCookie(request, response, session.id(), false);
    }

    @PostMapping("/sign-out")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(ConsoleAuthentication.SESSION) instanceof ConsoleSessions.Session s) sessions.end(s.id());
        ConsoleAuthentication.setCookie(request, response, "", true);
        return "redirect:/sign-in";
    }
}
