package dev.almanac.generation.provider;

import dev.almanac.generation.provider.ProviderFailure.Kind;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client under LangChain4j's chat models. LangChain4j's own client turns a non-2xx answer
 * into an exception that keeps the status and body but drops the headers; this one keeps what we
 * need ({@code Retry-After}), classifies every failure as a {@link ProviderFailure} with a message of
 * our own (no body, no URL with a key in it), bounds the whole exchange by one timeout, and refuses
 * bodies past a size cap.
 */
final class GuardedHttpClient implements HttpClient {
    static final int MAX_BODY_BYTES = 1 << 20;

    private final java.net.http.HttpClient http;
    private final Duration timeout;

    GuardedHttpClient(Duration connectTimeout, Duration timeout) {
        this.http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        this.timeout = timeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        var builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        CompletableFuture<HttpResponse<InputStream>> sent = http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<Exchange> exchange = sent.thenApply(GuardedHttpClient::read);
        Exchange answer;
        try {
            answer = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true); // aborts the exchange itself, not only our wait for it
            throw new ProviderFailure(Kind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProviderFailure(Kind.CONNECTION, "interrupted");
        } catch (ExecutionException e) {
            ProviderFailure known = ProviderFailure.find(e.getCause());
            if (known != null) throw known;
            throw new ProviderFailure(Kind.CONNECTION, "connection failed (" + rootName(e.getCause()) + ")");
        }
        if (answer.status / 100 == 2) {
            return SuccessfulHttpResponse.builder().statusCode(answer.status).headers(answer.headers).body(answer.body).build();
        }
        throw statusFailure(answer.status, retryAfter(answer.headers));
    }

    private record Exchange(int status, Map<String, List<String>> headers, String body) {}

    private static Exchange read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ProviderFailure(Kind.MALFORMED, "response larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new Exchange(response.statusCode(), response.headers().map(), new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProviderFailure statusFailure(int status, Duration retryAfter) {
        if (status == 429) return new ProviderFailure(Kind.RATE_LIMITED, "HTTP 429 (rate limited)", retryAfter);
        if (status == 408 || status >= 500) return new ProviderFailure(Kind.UNAVAILABLE, "HTTP " + status, retryAfter);
        if (status == 401 || status == 403) {
            return new ProviderFailure(Kind.REJECTED, "HTTP " + status + " (authentication failed: check the API key variable)");
        }
        return new ProviderFailure(Kind.REJECTED, "HTTP " + status);
    }

    /** Seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    static Duration retryAfter(Map<String, List<String>> headers) {
        String value = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Retry-After") && !e.getValue().isEmpty())
                .map(e -> e.getValue().getFirst().strip())
                .findFirst().orElse(null);
        if (value == null) return null;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static String rootName(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("generation does not stream");
    }

    /** What LangChain4j's model builders take; the timeouts are ours, set once. */
    static HttpClientBuilder builder(Duration timeout) {
        return new HttpClientBuilder() {
            private Duration connectTimeout = Duration.ofSeconds(5);
            private Duration readTimeout = timeout;

            @Override
            public Duration connectTimeout() {
                return connectTimeout;
            }

            @Override
            public HttpClientBuilder connectTimeout(Duration d) {
                if (d != null) connectTimeout = d;
                return this;
            }

            @Override
            public Duration readTimeout() {
                return readTimeout;
            }

            @Override
            public HttpClientBuilder readTimeout(Duration d) {
                if (d != null) readTimeout = d;
                return this;
            }

            @Override
            public HttpClient build() {
                return new GuardedHttpClient(connectTimeout, readTimeout);
            }
        };
    }
}
