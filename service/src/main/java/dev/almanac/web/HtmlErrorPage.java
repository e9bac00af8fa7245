package dev.almanac.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * A person's browser asking for a page that is not there (or one that failed outside the console's
 * own error handling) gets a readable page, not problem+json. The API's paths always answer JSON.
 */
final class HtmlErrorPage {
    private HtmlErrorPage() {}

    static boolean wanted(HttpServletRequest request, String path) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html") && path != null && !path.equals("/api")
                && !path.startsWith("/api/") && !path.startsWith("/actuator") && !path.startsWith("/v3/");
    }

    static ResponseEntity<String> of(int status, String title, String requestId) {
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s · Almanac</title><link rel="stylesheet" href="/console.css"></head>
                <body><main id="main" class="narrow"><h1>%2$d · %1$s</h1>
                <p>Request id: <code>%3$s</code></p><p><a href="/">Back to the console</a></p></main></body></html>
                """.formatted(HtmlUtils.htmlEscape(title), status, HtmlUtils.htmlEscape(requestId == null ? "" : requestId));
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store").body(page);
    }
}
