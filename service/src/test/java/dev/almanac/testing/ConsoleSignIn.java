package dev.almanac.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs in to the console over plain HTTP the way a browser does: fetch the form (its token, and the
 * same token in a cookie), post the key with both. For tests that talk to console pages without a
 * browser.
 */
public final class ConsoleSignIn {
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ConsoleSignIn() {}

    /** The session cookie ({@code name=value}) for {@code apiKey}; fails when the sign-in is refused. */
    public static String sessionCookie(String baseUrl, String apiKey) {
        try {
            HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sign-in")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher token = FORM_TOKEN.matcher(form.body());
            if (!token.find()) throw new IllegalStateException("no token in the sign-in form: " + form.statusCode());
            String tokenCookie = cookie(form, "almanac_sign_in");
            String body = "api_key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8) + "&_csrf="
                    + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> signedIn = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sign-in"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", tokenCookie)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (signedIn.statusCode() != 302) throw new IllegalStateException("sign-in refused: " + signedIn.statusCode());
            return cookie(signedIn, "almanac_session");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";")[0])
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " cookie in " + response.headers()));
    }
}
