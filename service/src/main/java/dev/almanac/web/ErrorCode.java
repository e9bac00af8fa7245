package dev.almanac.web;

import org.springframework.http.HttpStatus;

/** Every failure a client can see, with its HTTP status and the problem type it is reported as. */
public enum ErrorCode {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Missing or invalid API key"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Role too low for this operation"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),
    PROJECT_LOCKED(HttpStatus.CONFLICT, "project-locked", "Project is locked"),
    PROJECT_DELETED(HttpStatus.CONFLICT, "project-deleted", "Project is deleted"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests"),
    AI_BUDGET_EXHAUSTED(HttpStatus.TOO_MANY_REQUESTS, "ai-budget-exhausted", "AI budget exhausted"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service temporarily unavailable"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error");

    private final HttpStatus status;
    private final String type;
    private final String title;

    ErrorCode(HttpStatus status, String type, String title) {
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String typeUri() {
        return "https://almanac.dev/problems/" + type;
    }

    public String title() {
        return title;
    }
}
