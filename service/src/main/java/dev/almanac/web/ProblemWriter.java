package dev.almanac.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem+json response from a servlet filter, where no controller advice applies. */
public final class ProblemWriter {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemWriter() {}

    public static void write(HttpServletRequest request, HttpServletResponse response, ApiException e) throws IOException {
        var problem = Problems.of(e.code(), e.getMessage(), e.errors(), RequestIds.of(request));
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setStatus(e.code().status().value());
        if (e instanceof RetryLater later) response.setHeader("Retry-After", Long.toString(later.retryAfterSeconds()));
        if (HtmlErrorPage.wanted(request, request.getRequestURI())) {
            // a person's browser (a console form): a readable page, as the console's own errors are
            var page = HtmlErrorPage.of(e.code().status().value(), e.code().title(), RequestIds.of(request));
            response.setContentType("text/html;charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.getOutputStream().write(page.getBody().getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", problem.getInstance().toString());
        if (problem.getProperties() != null) body.putAll(problem.getProperties());
        response.getOutputStream().write(MAPPER.writeValueAsBytes(body));
    }
}
