package dev.almanac.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's last word on a failed request, in our format. Requests Tomcat refuses itself (an encoded
 * slash or a control character in the path, a malformed header) never reach a filter or Spring's
 * {@code /error}; Tomcat answers them with its error report valve, which writes an HTML page. This
 * one writes problem+json with a request id instead. Anything that already has a body (everything
 * Spring answered) is left alone.
 *
 * <p>Public with a no-argument constructor: Tomcat instantiates it by class name.
 */
public class ProblemReportValve extends ErrorReportValve {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        String id = response.getHeader(RequestIds.HEADER);
        if (id == null) {
            id = RequestIds.accept(safeHeader(request));
            response.setHeader(RequestIds.HEADER, id);
        }
        if (status == 501) {
            // a method Tomcat does not implement (CONNECT): for clients the same as any other refused method
            status = 405;
            response.setStatus(405);
            response.setHeader("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        }
        ErrorCode code = ProblemHandler.codeFor(HttpStatusCode.valueOf(status));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.typeUri());
        body.put("title", code.title());
        body.put("status", status);
        body.put("detail", detail(status));
        body.put("request_id", id);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed: nothing more to say
        }
    }

    private static String safeHeader(Request request) {
        try {
            return request.getHeader(RequestIds.HEADER);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request line or a header is malformed (e.g. an encoded slash or a control character in the path, "
                    + "or a control character in a header); percent-encode the path and send printable headers";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not supported; use GET, POST, PUT, PATCH or DELETE";
            case 413, 431 -> "The request line or headers are too large; shorten them";
            case 505 -> "Only HTTP/1.1 and HTTP/2 are supported";
            default -> "The request could not be processed (status " + status + ")";
        };
    }
}
