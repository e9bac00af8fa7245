package dev.almanac.outbox;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Old events are deleted only once every consumer has passed them, and a reader left behind the
 * deleted ones is told so: the search index (which keeps its own position) rebuilds instead of
 * silently missing projects. A context of its own: the test moves the clock a week forward.
 */
@ContextConfiguration(initializers = TestBackends.Embedded.class)
@TestPropertySource(properties = "almanac.outbox.retention=7d")
class OutboxPruningTest extends ApiTestBase {

    @Autowired
    OutboxPruning pruning;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void deletesWhatEveryConsumerHasPassedAndAnIndexLeftBehindRebuilds() {
        var t = newTenant();
        SmartLifecycle indexFollower = context.getBean("indexFollower", SmartLifecycle.class);
        OutboxPosition before = outbox.head();
        String seen = aProject().named("Quarry ledger").createdBy(t.writer());
        await().atMost(Duration.ofSeconds(30)).until(() -> found(t.reader(), "Quarry"));

        // this instance's index stops following (as if it were down) while the outbox moves on
        indexFollower.stop();
        String missed = aProject().named("Orchard inventory").createdBy(t.writer());
        OutboxPosition afterMissed = outbox.head();
        await().atMost(Duration.ofSeconds(30)).until(() -> pruning.slowestConsumer()
                .map(p -> p.compareTo(afterMissed) >= 0).orElse(false));
        assertThat(eventsOf(t.id(), afterMissed)).isPositive();

        clock.advance(Duration.ofDays(8));
        String account = pruning.run();

        assertThat(account).matches("deleted [1-9][0-9]* events older than 7 days");
        // (the embedder's own events about these projects come later and may not be passed yet)
        assertThat(eventsOf(t.id(), afterMissed)).isZero();
        assertThatThrownBy(() -> outbox.read(before, 10)).isInstanceOf(OutboxPositionExpired.class);

        indexFollower.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> found(t.reader(), "Orchard"));
        assertThat(found(t.reader(), "Quarry")).as("the rebuild indexes every live project").isTrue();
        assertThat(t.reader().get("/api/projects/" + seen).status()).isEqualTo(200);
        assertThat(t.reader().get("/api/projects/" + missed).status()).isEqualTo(200);
    }

    @Test
    void aReaderAtTheMarkGoesOn() {
        var t = newTenant();
        aProject().createdBy(t.writer());
        OutboxPosition head = outbox.head();
        await().atMost(Duration.ofSeconds(30)).until(() -> pruning.slowestConsumer()
                .map(p -> p.compareTo(head) >= 0).orElse(false));
        clock.advance(Duration.ofDays(8));
        pruning.run();
        OutboxPosition mark = jdbc.sql("SELECT tx_id::text || ':' || seq FROM outbox_pruned")
                .query(String.class).optional().map(OutboxPosition::parse).orElseThrow();

        // a reader exactly at the mark is not behind: it reads what comes next
        String later = aProject().createdBy(t.writer());
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.readAfter(mark, 1000).stream()
                .anyMatch(e -> e.aggregateId().equals(later)));
    }

    private long eventsOf(String tenant, OutboxPosition upTo) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE tenant_id = ? AND (tx_id, seq) <= (?::text::xid8, ?)")
                .params(tenant, Long.toString(upTo.txId()), upTo.seq())
                .query(Long.class).single();
    }

    private static boolean found(dev.almanac.testing.Api api, String word) {
        var r = api.get("/api/search?mode=keyword&q=" + word);
        return r.status() == 200 && r.body().contains(word);
    }
}
