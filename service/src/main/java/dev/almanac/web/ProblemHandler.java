package dev.almanac.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** The one place where failures become HTTP responses: problem+json, right status, never a stack trace. */
@RestControllerAdvice
class ProblemHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private final List<FailureListener> listeners;

    ProblemHandler(List<FailureListener> listeners) {
        this.listeners = listeners;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<?> api(ApiException e, HttpServletRequest request) {
        ResponseEntity<?> response = respond(request, e.code(), e.getMessage(), e.errors());
        if (e instanceof RetryLater later && response.getBody() instanceof ProblemDetail) {
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .header("Retry-After", Long.toString(later.retryAfterSeconds())).body(response.getBody());
        }
        return response;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        // Limits first: they may be wrapped in a generic parse or I/O exception.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimit.BodyTooLarge tooLarge) {
                return respond(request, ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), List.of());
            }
            if (t instanceof JsonTextGuard.Rejected rejected) {
                return respond(request, ErrorCode.BAD_REQUEST, "Request body " + rejected.getMessage(), List.of());
            }
            if (t instanceof StreamConstraintsException limit) {
                return respond(request, ErrorCode.BAD_REQUEST, limitMessage(limit.getOriginalMessage()), List.of());
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException unknown) {
                String field = path(unknown);
                return respond(request, ErrorCode.BAD_REQUEST, "Unknown field '" + field + "'",
                        List.of(new ApiException.FieldError(field, "unknown field")));
            }
            if (t instanceof StreamReadException parse) {
                return respond(request, ErrorCode.BAD_REQUEST, "Malformed JSON: " + withoutInternals(parse.getOriginalMessage()), List.of());
            }
            if (t instanceof JacksonException mapping) {
                String field = path(mapping);
                String message = "wrong type or value";
                return respond(request, ErrorCode.BAD_REQUEST,
                        field.isEmpty() ? "Request body has the wrong shape" : "Invalid field '" + field + "': " + message,
                        field.isEmpty() ? List.of() : List.of(new ApiException.FieldError(field, message)));
            }
        }
        return respond(request, ErrorCode.BAD_REQUEST, "Request body is missing or unreadable", List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<?> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(request, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Content type " + e.getContentType() + " is not supported here; use " + e.getSupportedMediaTypes(), List.of());
    }

    /** Tomcat could not decode a query parameter (normally caught earlier by {@link InputPolicy}). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<?> parameterEncoding(InvalidParameterException e, HttpServletRequest request) {
        return respond(request, ErrorCode.BAD_REQUEST, "The query string is not valid percent-encoded UTF-8; encode every parameter", List.of());
    }

    /** A Content-Type that is not a media type at all (e.g. a wildcard or garbage). */
    @ExceptionHandler(InvalidMediaTypeException.class)
    ResponseEntity<?> invalidMediaType(InvalidMediaTypeException e, HttpServletRequest request) {
        return respond(request, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type is not a valid media type; send application/json", List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<?> parameterType(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return respond(request, ErrorCode.BAD_REQUEST, "Invalid value for parameter '" + e.getName() + "'",
                List.of(new ApiException.FieldError(e.getName(), "invalid value")));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<?> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return respond(request, ErrorCode.BAD_REQUEST, "Missing parameter '" + e.getParameterName() + "'",
                List.of(new ApiException.FieldError(e.getParameterName(), "required")));
    }

    /**
     * The client went away while a streamed response (server-sent events) was being written:
     * nothing to answer and nobody to answer to; not an error of ours.
     */
    @ExceptionHandler(org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
    void clientGone() {
        // intentionally quiet
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<?> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known) {
            // Spring's own exceptions (404 no route, 405, 406, …) carry their status.
            return respond(request, codeFor(known.getStatusCode()), withoutInternals(known.getBody().getDetail()), List.of());
        }
        if (DatabaseOutage.isBusy(e)) {
            log.debug("Database pool exhausted on {} {}", request.getMethod(), request.getRequestURI());
            return api(new RetryLater(ErrorCode.SERVICE_UNAVAILABLE, DatabaseOutage.BUSY_DETAIL, DatabaseOutage.BUSY_RETRY_AFTER_SECONDS), request);
        }
        if (DatabaseOutage.isCause(e)) {
            log.debug("Database unreachable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            String detail = DatabaseOutage.isDuringCommit(e) ? DatabaseOutage.COMMIT_DETAIL : DatabaseOutage.DETAIL;
            return api(new RetryLater(ErrorCode.SERVICE_UNAVAILABLE, detail, DatabaseOutage.RETRY_AFTER_SECONDS), request);
        }
        String sqlState = sqlState(e);
        if (sqlState != null && sqlState.startsWith("22")) {
            // PostgreSQL's "data exception" class: a value the input policy did not foresee (out of
            // range, not representable). The client's input, not our fault: say so, and log it so the
            // policy can be tightened.
            log.warn("Input reached the database and was refused ({}) on {} {}", sqlState, request.getMethod(), request.getRequestURI());
            return respond(request, ErrorCode.BAD_REQUEST, "A value in the request is out of range or cannot be stored; check dates, numbers and text", List.of());
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(request, ErrorCode.INTERNAL, "An internal error occurred; quote the request id when reporting it", List.of());
    }

    private ResponseEntity<?> respond(HttpServletRequest request, ErrorCode code, String detail,
            List<ApiException.FieldError> errors) {
        for (FailureListener listener : listeners) {
            try {
                listener.onFailure(request, code, detail);
            } catch (RuntimeException e) {
                // during a database outage every refused request would say this: once is in DatabaseCircuit's log
                if (DatabaseOutage.isCause(e)) log.debug("Could not record failed request: {}", e.getMessage());
                else log.warn("Could not record failed request: {}", e.getMessage());
            }
        }
        if (HtmlErrorPage.wanted(request, request.getRequestURI())) {
            return HtmlErrorPage.of(code.status().value(), code.title(), RequestIds.of(request));
        }
        ProblemDetail problem = Problems.of(code, detail, errors, RequestIds.of(request));
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) return sql.getSQLState();
        }
        return null;
    }

    private static final java.util.regex.Pattern DEPTH = java.util.regex.Pattern.compile("maximum allowed \\((\\d+)");

    /** Jackson's limit messages name its own classes; say what the client must change instead. */
    static String limitMessage(String original) {
        String text = original == null ? "" : original;
        if (text.contains("nesting depth")) {
            var m = DEPTH.matcher(text);
            return "JSON is nested too deeply" + (m.find() ? ": at most " + m.group(1) + " levels of arrays and objects" : "")
                    + "; flatten the document";
        }
        if (text.contains("Number")) return "JSON has a number with too many digits; shorten it";
        if (text.contains("Name")) return "JSON has an object key that is too long; shorten it";
        return "JSON has a string or document larger than allowed; shorten it";
    }

    /** Cuts library hints (backquoted class and feature names) out of a parser message. */
    static String withoutInternals(String message) {
        if (message == null) return "";
        int tick = message.indexOf('`');
        String cut = tick < 0 ? message : message.substring(0, tick);
        cut = cut.replaceAll("[\\s:;,(]*(enable|from|of type|use)?\\s*$", "").replaceAll("\\s+", " ").trim();
        return cut.isEmpty() ? "the request could not be read" : cut;
    }

    static ErrorCode codeFor(HttpStatusCode status) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.status().value() == status.value()) return code;
        }
        return status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
