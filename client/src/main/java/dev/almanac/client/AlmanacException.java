package dev.almanac.client;

import java.time.Duration;
import java.util.List;

/**
 * A call the service refused or could not answer, typed from its problem+json body
 * ({@code type, title, status, detail, request_id, errors}). Catch a subclass for the cases a
 * program handles ({@link NotFound}, {@link PreconditionFailed}, {@link RateLimited}, …), or this
 * class for all of them.
 */
public class AlmanacException extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String requestId;
    private final List<FieldError> errors;

    /** One invalid field (for an atomic import: {@code "row <n>"}). */
    public record FieldError(String field, String message) {}

    public AlmanacException(int status, String type, String title, String detail, String requestId, List<FieldError> errors) {
        super(status + " " + (title == null ? "" : title) + (detail == null ? "" : ": " + detail)
                + (requestId == null ? "" : " (request " + requestId + ")"));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.requestId = requestId;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    AlmanacException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.type = null;
        this.title = null;
        this.detail = message;
        this.requestId = null;
        this.errors = List.of();
    }

    /** The HTTP status; 0 when no answer came (a timeout or a broken connection). */
    public int status() {
        return status;
    }

    /** The problem's {@code type} URI, e.g. {@code https://almanac.dev/problems/project-locked}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The request id of the failed call ({@code X-Request-ID}): quote it when asking an operator. */
    public String requestId() {
        return requestId;
    }

    public List<FieldError> errors() {
        return errors;
    }

    static AlmanacException of(int status, String type, String title, String detail, String requestId,
            List<FieldError> errors, Duration retryAfter) {
        return switch (status) {
            case 400 -> new BadRequest(status, type, title, detail, requestId, errors);
            case 401 -> new Unauthorized(status, type, title, detail, requestId, errors);
            case 403 -> new Forbidden(status, type, title, detail, requestId, errors);
            case 404 -> new NotFound(status, type, title, detail, requestId, errors);
            case 409 -> new Conflict(status, type, title, detail, requestId, errors);
            case 412 -> new PreconditionFailed(status, type, title, detail, requestId, errors);
            case 429 -> new RateLimited(status, type, title, detail, requestId, errors, retryAfter);
            case 503 -> new Unavailable(status, type, title, detail, requestId, errors, retryAfter);
            default -> new AlmanacException(status, type, title, detail, requestId, errors);
        };
    }

    /** 400: the request is invalid; {@link #errors()} says which fields. */
    public static class BadRequest extends AlmanacException {
        BadRequest(int s, String type, String title, String detail, String id, List<FieldError> errors) {
            super(s, type, title, detail, id, errors);
        }
    }

    /** 401: no key, or a key the service does not know. */
    public static class Unauthorized extends AlmanacException {
        Unauthorized(int s, String type, String title, String detail, String id, List<FieldError> errors) {
            super(s, type, title, detail, id, errors);
        }
    }

    /** 403: the key's role is too low. */
    public static class Forbidden extends AlmanacException {
        Forbidden(int s, String type, String title, String detail, String id, List<FieldError> errors) {
            super(s, type, title, detail, id, errors);
        }
    }

    /** 404: no such thing in the key's tenant. */
    public static class NotFound extends AlmanacException {
        NotFound(int s, String type, String title, String detail, String id, List<FieldError> errors) {
            super(s, type, title, detail, id, errors);
        }
    }

    /** 409: e.g. the id exists, or the project is locked or deleted ({@link #type()} says which). */
    public static class Conflict extends AlmanacException {
        Conflict(int s, String type, String title, String detail, String id, List<FieldError> errors) {
            super(s, type, title, detail, id, errors);
        }
    }

    /** 412: the {@code If-Match} version is no longer current (someone wrote in between). */
    public static class PreconditionFailed extends AlmanacException {
        PreconditionFailed(int s, String type, String title, String detail, String id, List<FieldError> errors) {
            super(s, type, title, detail, id, errors);
        }
    }

    /** 429: too many requests (or the AI budget is spent); try again after {@link #retryAfter()}. */
    public static class RateLimited extends AlmanacException {
        private final Duration retryAfter;

        RateLimited(int s, String type, String title, String detail, String id, List<FieldError> errors, Duration retryAfter) {
            super(s, type, title, detail, id, errors);
            this.retryAfter = retryAfter;
        }

        /** From the {@code Retry-After} header; null when there was none. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** 503, or no answer at all (status 0: timeout, connection refused). */
    public static class Unavailable extends AlmanacException {
        private final Duration retryAfter;

        Unavailable(int s, String type, String title, String detail, String id, List<FieldError> errors, Duration retryAfter) {
            super(s, type, title, detail, id, errors);
            this.retryAfter = retryAfter;
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
            this.retryAfter = null;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A wait (for a job) ran out of time; the job goes on in the service. */
    public static class Timeout extends AlmanacException {
        Timeout(String message) {
            super(message, null);
        }
    }

    /** Downloaded bytes whose SHA-256 is not the one the service announced: the copy is not to be trusted. */
    public static class ChecksumMismatch extends AlmanacException {
        private final String expected;
        private final String actual;

        ChecksumMismatch(String what, String expected, String actual) {
            super(what + ": SHA-256 " + actual + " of the bytes received, the service announced " + expected, null);
            this.expected = expected;
            this.actual = actual;
        }

        public String expected() {
            return expected;
        }

        public String actual() {
            return actual;
        }
    }
}
