package dev.almanac.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A real HTTP server on 127.0.0.1 that records what webhooks post to it, for tests. It answers
 * {@link #answer} (200 unless set), and can be stopped and started again on the same port (a receiver
 * that is down for a while).
 */
public final class WebhookReceiver implements AutoCloseable {
    private final List<Received> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger answer = new AtomicInteger(200);
    private final int port;
    private HttpServer server;

    /** {@code host}: the request's Host header (the URL's host, whatever address the sender connected to). */
    public record Received(String event, String delivery, String signature, String body, String host) {
        public JsonNode json() {
            return Api.JSON.readTree(body);
        }
    }

    private WebhookReceiver(int port) {
        this.port = port;
    }

    /** Started on a free port. */
    public static WebhookReceiver start() {
        WebhookReceiver r = new WebhookReceiver(0);
        r.bind(0);
        return r;
    }

    /** On a free port, not started: nothing listens there until {@link #up()}. */
    public static WebhookReceiver down() {
        WebhookReceiver probe = start();
        int port = probe.port();
        probe.close();
        return new WebhookReceiver(port);
    }

    public void up() {
        bind(port);
    }

    private void bind(int at) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), at), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = answer.get();
            if (status / 100 == 2) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Almanac-Event"),
                        exchange.getRequestHeaders().getFirst("Almanac-Delivery"),
                        exchange.getRequestHeaders().getFirst("Almanac-Signature"), body,
                        exchange.getRequestHeaders().getFirst("Host")));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server != null ? server.getAddress().getPort() : port;
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
        server = null;
    }
}
