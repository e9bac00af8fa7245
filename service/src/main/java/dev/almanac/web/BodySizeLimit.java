package dev.almanac.web;

import dev.almanac.config.AlmanacProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps JSON request bodies. A declared Content-Length over the cap is refused before anything is
 * read; a chunked body is counted while it streams and refused the moment it passes the cap.
 * Multipart uploads are left to the file module, which has its own, larger limit; bulk imports
 * (CSV, JSON lines) to the import, which streams them and caps the number of rows.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodySizeLimit extends OncePerRequestFilter {
    private final long maxBytes;

    public BodySizeLimit(AlmanacProperties properties) {
        this.maxBytes = properties.limits().maxBodyBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        boolean noBody = request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null;
        if (noBody || contentType != null && isStreamedElsewhere(contentType.toLowerCase())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            ProblemWriter.write(request, response, new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "Request body is " + request.getContentLengthLong() + " bytes; the limit is " + maxBytes));
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes), response);
    }

    private static boolean isStreamedElsewhere(String contentType) {
        return contentType.startsWith("multipart/") || contentType.startsWith("text/csv")
                || contentType.startsWith("application/x-ndjson");
    }

    /** Thrown from inside a body read; the problem handler finds it in the cause chain. */
    public static final class BodyTooLarge extends IOException {
        BodyTooLarge(long max) {
            super("Request body exceeds the limit of " + max + " bytes");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class CountingStream extends WatchedInputStream {
        private final long max;
        private long count;

        CountingStream(ServletInputStream in, long max) {
            super(in);
            this.max = max;
        }

        private void add(long n) throws BodyTooLarge {
            if (n > 0 && (count += n) > max) throw new BodyTooLarge(max);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            add(n);
            return n;
        }
    }
}
