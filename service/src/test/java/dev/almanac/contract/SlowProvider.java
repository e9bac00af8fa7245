package dev.almanac.contract;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server that speaks OpenAI's {@code POST /v1/chat/completions} and, while held, answers
 * only when the test releases it: a provider that is slow exactly as long as a test needs, with
 * latches instead of sleeps. One per JVM; the contracts point {@code almanac.ai.openai.base-url} at it.
 */
final class SlowProvider {
    static final SlowProvider INSTANCE = new SlowProvider();

    static final String ANSWER = """
            {"id": "chatcmpl-slow", "object": "chat.completion", "created": 1700000000, "model": "gpt-slow",
             "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
               "content": "{\\"summary\\": \\"The finance team closed the quarter with revenue up eight percent.\\", \\"tags\\": [\\"revenue\\", \\"accounts receivable\\"], \\"category\\": \\"finance\\", \\"confidence\\": 0.9, \\"quality\\": 0.8}"}}],
             "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500}}""";

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch called = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(0);

    private SlowProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slow-provider");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            CountDownLatch gate = released;
            called.countDown();
            try {
                gate.await(100, TimeUnit.SECONDS); // bounded: a forgotten release cannot hang the suite
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** From now on calls wait for {@link #release}; counts start again. */
    void hold() {
        calls.set(0);
        called = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    boolean awaitCall(Duration within) throws InterruptedException {
        return called.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
        released.countDown();
    }

    int calls() {
        return calls.get();
    }
}
