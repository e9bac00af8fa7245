package dev.almanac.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem documents in one shape for the whole API. */
public final class Problems {
    private Problems() {}

    public static ProblemDetail of(ErrorCode code, String detail, List<ApiException.FieldError> errors, String requestId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(URI.create(code.typeUri()));
        problem.setTitle(code.title());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        if (requestId != null) {
            problem.setProperty("request_id", requestId);
        }
        return problem;
    }
}
