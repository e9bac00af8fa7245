package dev.almanac.mcp;

import dev.almanac.web.ApiException;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The MCP SDK's transport answers a message it cannot read (or a failure of its own) with its
 * exception object serialized as JSON: class names, a stack trace. Every HTTP-level error on
 * {@code /mcp} is rewritten here into the API's problem+json with the request id. JSON-RPC errors
 * inside a 200 (an unknown tool, a tool's refusal) are the protocol's own answers and pass unchanged.
 *
 * <p>The stateless transport answers each POST with one JSON document, never a stream, so buffering
 * the answer costs one copy of a small body.
 */
class McpErrors extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(McpErrors.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, buffered);
        int status = buffered.getStatus();
        if (status < 400 || response.isCommitted()) {
            buffered.copyBodyToResponse();
            return;
        }
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
        if (code == ErrorCode.INTERNAL) log.warn("MCP transport failed on {} ({}): {}", request.getMethod(), status, abbreviated(buffered));
        String detail = switch (code) {
            case BAD_REQUEST -> "The body is not a valid MCP message (one JSON-RPC 2.0 request or notification as JSON)";
            case METHOD_NOT_ALLOWED -> "MCP here is stateless Streamable HTTP: POST one JSON-RPC message";
            case NOT_ACCEPTABLE -> "Send Accept: application/json, text/event-stream";
            case UNSUPPORTED_MEDIA_TYPE -> "Send Content-Type: application/json";
            case INTERNAL -> "An internal error occurred; quote the request id when reporting it";
            default -> code.title();
        };
        buffered.resetBuffer();
        response.resetBuffer();
        // problem+json always: the rewritten answer replaces whatever content type the transport set
        ProblemWriter.write(new JsonOnly(request), response, new ApiException(code, detail));
    }

    private static String abbreviated(ContentCachingResponseWrapper buffered) {
        byte[] body = buffered.getContentAsByteArray();
        String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return text.replaceAll("\\s+", " ");
    }

    /** Hides the Accept header from {@link ProblemWriter}: an agent asking for HTML still gets JSON here. */
    private static final class JsonOnly extends jakarta.servlet.http.HttpServletRequestWrapper {
        JsonOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Accept".equalsIgnoreCase(name) ? "application/json" : super.getHeader(name);
        }
    }
}
