package dev.almanac.console;

import dev.almanac.web.ApiException;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.FailureListener;
import dev.almanac.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures on console pages become a readable page with the API's status (403, 404, 409, …), never
 * JSON and never a stack trace. Ordered before the API's problem+json handler, and only for the
 * console's controllers.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {
    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);
    private final List<FailureListener> listeners;

    ConsoleErrors(List<FailureListener> listeners) {
        this.listeners = listeners;
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView api(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, e.code(), e.getMessage());
    }

    @ExceptionHandler(ConsoleAuthentication.ConsoleForbidden.class)
    ModelAndView forged(ConsoleAuthentication.ConsoleForbidden e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, ErrorCode.FORBIDDEN, e.getMessage());
    }

    /** A form field missing, of the wrong type (a version that is not a number) or undecodable: the form was tampered with. */
    @ExceptionHandler({org.springframework.beans.TypeMismatchException.class,
            org.springframework.web.bind.ServletRequestBindingException.class,
            org.springframework.http.converter.HttpMessageNotReadableException.class,
            org.apache.tomcat.util.http.InvalidParameterException.class})
    ModelAndView badForm(Exception e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, ErrorCode.BAD_REQUEST, "The form was incomplete or a field had an invalid value; reload the page and try again.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView other(Exception e, HttpServletRequest request, HttpServletResponse response) {
        if (e instanceof ErrorResponse known) {
            ErrorCode code = switch (known.getStatusCode().value()) {
                case 404 -> ErrorCode.NOT_FOUND;
                case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                default -> known.getStatusCode().is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
            };
            return page(request, response, code, known.getBody().getDetail());
        }
        if (dev.almanac.web.DatabaseOutage.isBusy(e) || dev.almanac.web.DatabaseOutage.isCause(e)) {
            boolean busy = dev.almanac.web.DatabaseOutage.isBusy(e);
            response.setHeader("Retry-After", Long.toString(busy ? dev.almanac.web.DatabaseOutage.BUSY_RETRY_AFTER_SECONDS
                    : dev.almanac.web.DatabaseOutage.RETRY_AFTER_SECONDS));
            return page(request, response, ErrorCode.SERVICE_UNAVAILABLE, busy
                    ? "The service is busy right now; nothing was changed. Try again in a moment."
                    : "The database cannot be reached right now; nothing was changed. Try again in a few seconds.");
        }
        log.error("Unhandled error on console page {} {}", request.getMethod(), request.getRequestURI(), e);
        return page(request, response, ErrorCode.INTERNAL, "Something went wrong on our side.");
    }

    private ModelAndView page(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail) {
        for (FailureListener listener : listeners) {
            try {
                listener.onFailure(request, code, detail);
            } catch (RuntimeException ex) {
                log.warn("Could not record failed console request: {}", ex.getMessage());
            }
        }
        response.setStatus(code.status().value());
        ModelAndView page = new ModelAndView("console/error");
        page.setStatus(code.status());
        page.addObject("status", code.status().value());
        page.addObject("title", code.title());
        page.addObject("detail", detail);
        page.addObject("requestId", RequestIds.of(request));
        return page;
    }
}
