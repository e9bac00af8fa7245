package dev.almanac.crash;

import dev.almanac.testing.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Client threads that write to the service as fast as it answers until it stops answering. Each
 * thread owns a home project whose {@code seq} entry it overwrites again and again (a growing
 * version), and creates a stream of new projects, each with an {@code origin} entry. Every write
 * goes through the {@link Ledger}.
 */
final class WriteLoad {
    private final Api api;
    private final String prefix;
    private final Ledger ledger = new Ledger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopRequested;

    WriteLoad(Api api, String prefix) {
        this.api = api;
        this.prefix = prefix;
    }

    WriteLoad start(int threads) {
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().name(prefix + "-writer-" + t).start(() -> writeUntilUnanswered(thread)));
        }
        return this;
    }

    private void writeUntilUnanswered(int thread) {
        String home = prefix + "-t" + thread;
        if (!createProject(home)) return;
        for (int i = 0; !stopRequested; i++) {
            String project = home + "-" + i;
            if (!createProject(project)) return;
            if (!putMeta(home, "seq", "{\"thread\":" + thread + ",\"n\":" + i + "}")) return;
            if (!putMeta(project, "origin", "{\"thread\":" + thread + ",\"project\":\"" + project + "\"}")) return;
        }
    }

    private boolean createProject(String id) {
        String name = "\"Crash load " + id + "\"";
        return write(Ledger.projectPath(id), "name", name, 201,
                () -> api.post("/api/projects", "{\"id\":\"" + id + "\",\"name\":" + name + "}"));
    }

    private boolean putMeta(String project, String key, String valueJson) {
        String path = Ledger.metaPath(project, key);
        return write(path, "value", valueJson, -1, () -> api.put(path, valueJson));
    }

    /** False when the thread must stop: no answer (the service is gone) or an answer that is not a success. */
    private boolean write(String path, String field, String valueJson, int expectedStatus,
            Supplier<Api.Response> send) {
        ledger.sending(path, field, valueJson);
        Api.Response response;
        try {
            response = send.get();
        } catch (IllegalStateException noAnswer) {
            return false; // stays in doubt
        }
        boolean success = expectedStatus < 0 ? response.status() / 100 == 2 : response.status() == expectedStatus;
        if (!success) {
            unexpected.add(path + " -> " + response);
            return false;
        }
        JsonNode version = response.json().get("version");
        ledger.acknowledged(path, field, version.asLong());
        acknowledged.incrementAndGet();
        return true;
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Answers other than the expected success; a crash must not produce any, only silence. */
    List<String> unexpectedResponses() {
        return List.copyOf(unexpected);
    }

    Ledger ledger() {
        return ledger;
    }

    /** Waits for every thread to notice the service is gone; asks them to stop if it takes too long. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread worker : workers) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (!worker.join(Duration.ofMillis(left))) {
                stopRequested = true;
            }
        }
        for (Thread worker : workers) {
            if (!worker.join(Duration.ofSeconds(40))) throw new IllegalStateException(worker + " did not end");
        }
    }

    void stop() {
        stopRequested = true;
    }
}
