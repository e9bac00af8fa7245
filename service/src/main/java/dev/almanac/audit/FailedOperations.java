package dev.almanac.audit;

import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.FailureListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Logs failed and denied attempts of {@link Audited} endpoints. The change itself was rolled back,
 * so the entry is written on its own, after the fact.
 */
@Configuration(proxyBeanMethods = false)
class FailedOperations implements WebMvcConfigurer, HandlerInterceptor, FailureListener {
    private static final String PENDING = FailedOperations.class.getName() + ".pending";
    private final OperationLog log;

    FailedOperations(OperationLog log) {
        this.log = log;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            Audited audited = method.getMethodAnnotation(Audited.class);
            if (audited != null) request.setAttribute(PENDING, audited);
        }
        return true;
    }

    @Override
    public void onFailure(HttpServletRequest request, ErrorCode code, String detail) {
        Audited audited = (Audited) request.getAttribute(PENDING);
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        if (audited == null || caller == null) return;
        @SuppressWarnings("unchecked")
        Map<String, String> vars = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String projectId = vars == null ? null : vars.get("projectId");
        String idVariable = audited.resourceIdVariable().isEmpty() ? "projectId" : audited.resourceIdVariable();
        String resourceId = vars == null ? null : vars.get(idVariable);
        log.failure(caller, audited.operation(), audited.resourceType(), resourceId, projectId,
                code == ErrorCode.FORBIDDEN, code.status().value() + " " + detail);
    }
}
