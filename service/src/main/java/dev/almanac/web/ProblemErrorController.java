package dev.almanac.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (the servlet container rejecting a request, a filter failing)
 * land on /error; answer them in the same problem+json shape as everything else.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<?> error(HttpServletRequest request, HttpServletResponse response) {
        if (RequestIds.of(request) == null && response.getHeader(RequestIds.HEADER) == null) {
            // rejected by Tomcat before any filter ran (e.g. TRACE): give it an id here
            String id = RequestIds.accept(request.getHeader(RequestIds.HEADER));
            request.setAttribute(RequestIds.class.getName(), id);
            response.setHeader(RequestIds.HEADER, id);
        }
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            // asked for directly: there is no such resource
            ProblemDetail missing = Problems.of(ErrorCode.NOT_FOUND, "No resource at /error", List.of(), RequestIds.of(request));
            missing.setInstance(URI.create("/error"));
            return ResponseEntity.status(404).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(missing);
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure && DatabaseOutage.isBusy(failure)) {
            return unavailable(request, DatabaseOutage.BUSY_DETAIL, DatabaseOutage.BUSY_RETRY_AFTER_SECONDS);
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure && DatabaseOutage.isCause(failure)) {
            // e.g. a filter (authentication, the console's session) needed the database
            return unavailable(request, DatabaseOutage.DETAIL, DatabaseOutage.RETRY_AFTER_SECONDS);
        }
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
        if (code == 500 && clientInput(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
            // a filter failed on what the client sent (an undecodable body): the client's to fix
            code = 400;
        }
        ErrorCode errorCode = ProblemHandler.codeFor(HttpStatusCode.valueOf(code));
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (HtmlErrorPage.wanted(request, uri == null ? null : uri.toString())) {
            return HtmlErrorPage.of(code, errorCode.title(), RequestIds.of(request));
        }
        ProblemDetail problem = Problems.of(errorCode, errorCode.title(), List.of(), RequestIds.of(request));
        problem.setStatus(code);
        if (uri != null) problem.setInstance(URI.create(uri.toString().replace(" ", "%20")));
        return ResponseEntity.status(code).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean clientInput(Object failure) {
        for (Throwable t = failure instanceof Throwable th ? th : null; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.http.converter.HttpMessageNotReadableException
                    || t instanceof org.apache.tomcat.util.http.InvalidParameterException) {
                return true;
            }
        }
        return false;
    }

    /** 503 with Retry-After: problem+json for clients, a readable page for a person's browser on the console. */
    private static ResponseEntity<?> unavailable(HttpServletRequest request, String detail, long retryAfterSeconds) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (HtmlErrorPage.wanted(request, uri == null ? null : uri.toString())) {
            ResponseEntity<String> page = HtmlErrorPage.of(503, ErrorCode.SERVICE_UNAVAILABLE.title(), RequestIds.of(request));
            return ResponseEntity.status(503).headers(page.getHeaders()).header("Retry-After", Long.toString(retryAfterSeconds))
                    .body(page.getBody());
        }
        ProblemDetail problem = Problems.of(ErrorCode.SERVICE_UNAVAILABLE, detail, List.of(), RequestIds.of(request));
        return ResponseEntity.status(503).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", Long.toString(retryAfterSeconds)).body(problem);
    }
}
