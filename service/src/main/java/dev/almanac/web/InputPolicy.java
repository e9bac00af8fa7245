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
 *       surrogate, no number beyond a double).
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
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            chain.doFilter(new GuardedRequest(request), response);
        } else {
            chain.doFilter(request, response);
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
