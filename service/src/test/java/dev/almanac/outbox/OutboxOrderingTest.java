package dev.almanac.outbox;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The outbox under concurrent writers: a consumer must see every committed event exactly once, in
 * (transaction, sequence) order, and each project's events in the order they happened.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
@Import(OutboxOrderingTest.RecordingConsumerConfig.class)
class OutboxOrderingTest extends ApiTestBase {

    @Autowired
    RecordingConsumer consumer;

    @Autowired
    Outbox outbox;

    @TestConfiguration
    static class RecordingConsumerConfig {
        @Bean
        RecordingConsumer recordingConsumer() {
            return new RecordingConsumer();
        }
    }

    static class RecordingConsumer implements OutboxConsumer {
        final List<OutboxEvent> seen = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "test-recorder";
        }

        @Override
        public void handle(List<OutboxEvent> events) {
            seen.addAll(events);
        }
    }

    @Test
    void consumerSeesEveryEventOnceInOrderUnderConcurrentWriters() throws Exception {
        var t = newTenant();
        int writers = 8;
        int projectsPerWriter = 15;
        Set<String> created = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < projectsPerWriter; i++) {
                        String id = aProject().withMeta("n", Integer.toString(i)).createdBy(t.writer());
                        t.writer().patch("/api/projects/" + id, "{\"name\":\"renamed\"}");
                        created.add(id);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }

        // 3 events per project: created, meta.updated, updated
        await().atMost(Duration.ofSeconds(20)).until(() -> eventsOf(t.id()).size() >= created.size() * 3);
        List<OutboxEvent> mine = eventsOf(t.id());
        assertThat(mine).hasSize(created.size() * 3);
        // the dispatcher keeps appending (the search module's own events), so check a snapshot
        List<OutboxEvent> seen = snapshot();
        assertThat(seen.stream().map(OutboxEvent::position).distinct().count()).isEqualTo(seen.size());
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).position()).isGreaterThan(seen.get(i - 1).position());
        }
        Map<String, List<String>> perProject = new HashMap<>();
        for (OutboxEvent e : mine) {
            if (e.aggregateType().equals("project")) {
                perProject.computeIfAbsent(e.aggregateId(), k -> new ArrayList<>()).add(e.eventType());
            }
        }
        assertThat(perProject.keySet()).isEqualTo(created);
        perProject.values().forEach(types -> assertThat(types).containsExactly("project.created", "meta.updated", "project.updated"));
    }

    @Test
    void readAfterResumesFromAPosition() {
        var t = newTenant();
        OutboxPosition before = outbox.head();
        String first = aProject().createdBy(t.writer());
        await().atMost(Duration.ofSeconds(10)).until(() -> !outbox.readAfter(before, 1000).isEmpty());
        OutboxPosition middle = outbox.readAfter(before, 1000).getLast().position();
        String second = aProject().createdBy(t.writer());
        await().atMost(Duration.ofSeconds(10)).until(() -> !outbox.readAfter(middle, 1000).isEmpty());
        List<OutboxEvent> after = outbox.readAfter(middle, 1000).stream()
                .filter(e -> e.tenantId().equals(t.id()) && e.eventType().equals("project.created"))
                .toList();
        assertThat(after).extracting(OutboxEvent::aggregateId).containsExactly(second).doesNotContain(first);
        assertThat(OutboxPosition.parse(middle.toString())).isEqualTo(middle);
    }

    private List<OutboxEvent> snapshot() {
        synchronized (consumer.seen) {
            return List.copyOf(consumer.seen);
        }
    }

    private List<OutboxEvent> eventsOf(String tenant) {
        // only what the API calls wrote: not tenant/key set-up, nor the search module's own events
        return snapshot().stream().filter(e -> e.tenantId().equals(tenant) && !e.aggregateType().equals("api_key")
                && !e.aggregateType().equals("tenant") && !e.eventType().equals("project.embedded")).toList();
    }
}
