package dev.almanac.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that talks HTTP: sets the key and {@code X-Request-ID}, maps problem+json to
 * {@link AlmanacException}s, and retries — only calls that are safe to repeat (GET, PUT, DELETE),
 * only on 429 and 503 or no answer at all — with exponential backoff and jitter, honouring
 * {@code Retry-After} up to the backoff cap.
 */
final class Http {
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final HttpClient client;
    private final String base;
    private final String apiKey;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private int pageSize = 200;
    private final ThreadLocal<String> lastRequestId = new ThreadLocal<>();

    Http(HttpClient client, String base, String apiKey, Duration requestTimeout, int maxRetries, Duration initialBackoff,
            Duration maxBackoff) {
        this.client = client;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = apiKey;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    int pageSize() {
        return pageSize;
    }

    void pageSize(int value) {
        this.pageSize = value;
    }

    String lastRequestId() {
        return lastRequestId.get();
    }

    /** A request being built: method, path, query, headers, body. */
    final class Call {
        private final String method;
        private final StringBuilder path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        private boolean hasQuery;
        private Duration timeout = requestTimeout;

        Call(String method, String path) {
            this.method = method;
            this.path = new StringBuilder(path);
        }

        Call query(String name, Object value) {
            if (value == null) return this;
            path.append(hasQuery ? '&' : '?').append(name).append('=')
                    .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            hasQuery = true;
            return this;
        }

        Call header(String name, String value) {
            if (value != null) headers.put(name, value);
            return this;
        }

        Call json(Object value) {
            headers.put("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(value));
            return this;
        }

        Call body(String contentType, HttpRequest.BodyPublisher publisher) {
            headers.put("Content-Type", contentType);
            body = publisher;
            return this;
        }

        Call timeout(Duration value) {
            timeout = value;
            return this;
        }

        <T> T as(Class<T> type) {
            return read(send(), JSON.constructType(type));
        }

        <T> Models.Page<T> page(Class<T> item) {
            return read(send(), JSON.getTypeFactory().constructParametricType(Models.Page.class, item));
        }

        JsonNode tree() {
            HttpResponse<byte[]> response = send();
            return response.body().length == 0 ? JSON.missingNode() : JSON.readTree(response.body());
        }

        HttpResponse<byte[]> send() {
            return Http.this.send(this, HttpResponse.BodyHandlers.ofByteArray());
        }

        HttpResponse<InputStream> stream() {
            return Http.this.send(this, HttpResponse.BodyHandlers.ofInputStream());
        }
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T read(HttpResponse<byte[]> response, JavaType type) {
        try {
            return JSON.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new AlmanacException("unexpected answer from " + response.uri() + ": " + e.getOriginalMessage(), e);
        }
    }

    private <B> HttpResponse<B> send(Call call, HttpResponse.BodyHandler<B> handler) {
        String requestId = call.headers.getOrDefault("X-Request-ID", UUID.randomUUID().toString());
        lastRequestId.set(requestId);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + call.path))
                .timeout(call.timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("X-Request-ID", requestId)
                .header("Accept", "application/json, application/problem+json, */*")
                .method(call.method, call.body);
        call.headers.forEach((name, value) -> {
            if (!name.equals("X-Request-ID")) builder.header(name, value);
        });
        HttpRequest request = builder.build();
        boolean idempotent = List.of("GET", "HEAD", "PUT", "DELETE").contains(call.method);
        for (int attempt = 0; ; attempt++) {
            AlmanacException failure;
            try {
                HttpResponse<Object> response = client.send(request, info -> info.statusCode() < 400
                        ? erase(handler.apply(info)) : erase(HttpResponse.BodySubscribers.ofByteArray()));
                if (response.statusCode() < 400) {
                    @SuppressWarnings("unchecked") HttpResponse<B> ok = (HttpResponse<B>) (HttpResponse<?>) response;
                    return ok;
                }
                failure = problem(response, requestId);
            } catch (IOException e) {
                failure = new AlmanacException.Unavailable(call.method + " " + call.path + ": no answer (" + e + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AlmanacException.Unavailable("interrupted", e);
            }
            boolean retryable = failure instanceof AlmanacException.RateLimited || failure instanceof AlmanacException.Unavailable;
            if (!idempotent || !retryable || attempt >= maxRetries) throw failure;
            sleep(backoff(attempt, failure));
        }
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse.BodySubscriber<Object> erase(HttpResponse.BodySubscriber<?> subscriber) {
        return (HttpResponse.BodySubscriber<Object>) subscriber;
    }

    private Duration backoff(int attempt, AlmanacException failure) {
        long cap = maxBackoff.toMillis();
        long exponential = Math.min(cap, initialBackoff.toMillis() << Math.min(attempt, 20));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        Duration retryAfter = failure instanceof AlmanacException.RateLimited r ? r.retryAfter()
                : failure instanceof AlmanacException.Unavailable u ? u.retryAfter() : null;
        if (retryAfter != null) jittered = Math.max(jittered, Math.min(cap, retryAfter.toMillis()));
        return Duration.ofMillis(jittered);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlmanacException.Unavailable("interrupted while backing off", e);
        }
    }

    private static AlmanacException problem(HttpResponse<?> response, String requestId) {
        Duration retryAfter = response.headers().firstValue("Retry-After").map(Http::seconds).orElse(null);
        String id = response.headers().firstValue("X-Request-ID").orElse(requestId);
        String type = null;
        String title = null;
        String detail = null;
        List<AlmanacException.FieldError> errors = new ArrayList<>();
        byte[] body = (byte[]) response.body();
        try {
            JsonNode problem = body == null || body.length == 0 ? JSON.missingNode() : JSON.readTree(body);
            type = text(problem, "type");
            title = text(problem, "title");
            detail = text(problem, "detail");
            if (text(problem, "request_id") != null) id = text(problem, "request_id");
            for (JsonNode e : problem.path("errors")) errors.add(new AlmanacException.FieldError(text(e, "field"), text(e, "message")));
        } catch (JacksonException e) {
            detail = new String(body, StandardCharsets.UTF_8);
        }
        return AlmanacException.of(response.statusCode(), type, title, detail, id, errors, retryAfter);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: left to the backoff
        }
    }
}
