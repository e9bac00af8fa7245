package dev.almanac.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
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
    ResponseEntity<?> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i ? i : 500;
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
}
