package dev.almanac.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The input policy at the edge, before any controller or query sees the request:
 * <ul>
 *   <li>the query string must be well-formed percent-encoded UTF-8 without NUL characters (Tomcat
 *       would otherwise fail on it when a parameter is first read, deep inside a controller);
 *   <li>JSON bodies are watched while they stream by a {@link JsonTextGuard} (no NUL, no lone
 *       surrogate, no number beyond a double);
 *   <li>a Content-Type must name one media type (no wildcard, no free text);
 *   <li>form bodies only on POST, decodable and without NUL or lone surrogates (the console's forms).
 * </ul>
 * Values that pass reach PostgreSQL intact; everything else is a 400 that says what to change.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class InputPolicy extends OncePerRequestFilter {

    private static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!METHODS.contains(request.getMethod())) {
            // CONNECT, TRACE and made-up methods: the servlet would answer 501 or echo the request
            response.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
            ProblemWriter.write(request, response, new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    "Method " + (request.getMethod().matches("[A-Z]{1,16}") ? request.getMethod() : "given")
                            + " is not supported; use GET, POST, PUT, PATCH or DELETE"));
            return;
        }
        String problem = queryProblem(request.getQueryString());
        if (problem != null) {
            ProblemWriter.write(request, response, ApiException.badRequest(problem));
            return;
        }
        String contentType = request.getContentType();
        String lowerType = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (contentType != null && !concreteMediaType(contentType)) {
            // a wildcard (*/*, application/*) or garbage describes no body; Spring would fail on it deep inside
            ProblemWriter.write(request, response, new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must name one media type (e.g. application/json), not a pattern or free text"));
            return;
        }
        if (lowerType.startsWith("application/x-www-form-urlencoded")) {
            ApiException refused = formProblem(request);
            if (refused != null) {
                ProblemWriter.write(request, response, refused);
                return;
            }
        }
        if (lowerType.contains("json")) {
            chain.doFilter(new GuardedRequest(request), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean concreteMediaType(String contentType) {
        if (contentType.isBlank()) return true; // treated as no Content-Type at all
        try {
            var type = org.springframework.http.MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Why the raw query string is unacceptable, or null when it is fine. */
    static String queryProblem(String query) {
        if (query == null || query.isEmpty()) return null;
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName);
            if (name == null) return "The query string is not valid percent-encoded UTF-8; encode every parameter name and value";
            if (name.indexOf('\0') >= 0) return "A query parameter name contains a NUL character (%00); remove it";
            if (eq < 0) continue;
            String value = decode(pair.substring(eq + 1));
            String shown = name.length() > 64 || !name.matches("[A-Za-z0-9_.-]*") ? "a parameter" : "'" + name + "'";
            if (value == null) return "The value of " + shown + " is not valid percent-encoded UTF-8; encode it";
            if (value.indexOf('\0') >= 0) return "The value of " + shown + " contains a NUL character (%00); remove it";
        }
        return null;
    }

    /**
     * Why a form body is unacceptable, or null. Only the console posts forms, and only with POST:
     * Spring decodes a form body on PUT, PATCH or DELETE in a filter, where a malformed one would
     * escape every error handler. A POSTed form is parsed here, once, by Tomcat (which keeps the
     * result for the controller): a decoding failure or a NUL is a 400 before any controller runs.
     */
    private static ApiException formProblem(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Form bodies are accepted only on POST (the console's forms); send application/json");
        }
        try {
            for (var entry : request.getParameterMap().entrySet()) {
                if (entry.getKey().indexOf('\0') >= 0) return ApiException.badRequest("A form field name contains a NUL character (%00); remove it");
                for (String value : entry.getValue()) {
                    if (value != null && (value.indexOf('\0') >= 0 || hasLoneSurrogate(value))) {
                        return ApiException.badRequest("A form field contains a NUL character or invalid text; remove it");
                    }
                }
            }
        } catch (RuntimeException e) {
            // Tomcat's InvalidParameterException: bad percent-encoding or bytes that are not UTF-8
            return ApiException.badRequest("The form body is not valid percent-encoded UTF-8; encode every field name and value");
        }
        return null;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return true;
        }
        return false;
    }

    /** Strict form decoding: every % followed by two hex digits, the bytes valid UTF-8; null otherwise. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) return null;
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) return null;
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static final class GuardedRequest extends HttpServletRequestWrapper {
        private ServletInputStream stream;

        GuardedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) stream = new GuardedStream(super.getInputStream());
            return stream;
        }
    }

    private static final class GuardedStream extends WatchedInputStream {
        private final JsonTextGuard guard = new JsonTextGuard();

        GuardedStream(ServletInputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) guard.end();
            else guard.accept(b);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n < 0) guard.end();
            for (int i = 0; i < n; i++) guard.accept(buf[off + i] & 0xff);
            return n;
        }
    }
}
