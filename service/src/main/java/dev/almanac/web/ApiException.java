package dev.almanac.web;

import java.util.List;

/** A failure to report to the client as problem+json; modules throw it, {@link ProblemHandler} maps it. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final List<FieldError> errors;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiException(ErrorCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false); // no stack trace: these are expected outcomes
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(ErrorCode.BAD_REQUEST, detail);
    }

    public static ApiException invalidField(String field, String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, "Invalid field '" + field + "': " + message,
                List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public record FieldError(String field, String message) {}
}
