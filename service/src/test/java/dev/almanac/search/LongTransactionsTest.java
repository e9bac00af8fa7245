package dev.almanac.search;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.outbox.Outbox;
import dev.almanac.outbox.OutboxPosition;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.TestBackends;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Outbox readers must not wait on the slowest transaction of a shared PostgreSQL cluster. Before,
 * any transaction holding an id anywhere on the server (here: in another database) froze the search
 * index, silently, for as long as it lived; a transaction of ours that runs long must still have its
 * events read once it commits.
 */
@ContextConfiguration(initializers = TestBackends.External.class)
@TestPropertySource(properties = {"almanac.schedules.enabled=false", "almanac.outbox.gap-after=2s"})
class LongTransactionsTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    @Test
    void aForeignLongTransactionDoesNotHoldTheIndexBack() throws SQLException {
        String scratch = "almanac_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + scratch);
        try (Connection foreign = DriverManager.getConnection(TestBackends.EXTERNAL_URL.replaceFirst("/test$", "/" + scratch),
                TestBackends.EXTERNAL_USER, "")) {
            foreign.setAutoCommit(false);
            foreign.createStatement().execute("SELECT pg_current_xact_id()"); // holds a transaction id, cluster-wide
            var t = newTenant();
            String id = aProject().named("Zanzibar ledger").createdBy(t.writer());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> keyword(t.reader(), "zanzibar").contains(id));
            JsonNode index = anonymous.get("/actuator/health").json().get("components").get("searchIndex").get("details");
            assertThat(index.get("oldest_running_transaction").get("running_seconds").asLong()).isGreaterThanOrEqualTo(2);
            foreign.rollback();
        } finally {
            admin("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
        }
    }

    @Test
    void eventsOfALongTransactionOfOursAreReadWhenItCommits() throws SQLException {
        var t = newTenant();
        String id = aProject().named("Original register").createdBy(t.writer());
        await().atMost(Duration.ofSeconds(30)).until(() -> keyword(t.reader(), "original").contains(id));
        String schema = jdbc.sql("SELECT current_schema()").query(String.class).single();
        try (Connection ours = DriverManager.getConnection(TestBackends.EXTERNAL_URL + "?currentSchema=" + schema,
                TestBackends.EXTERNAL_USER, "")) {
            ours.setAutoCommit(false);
            try (PreparedStatement rename = ours.prepareStatement("UPDATE projects SET name = 'Quetzal register' WHERE tenant_id = ? AND id = ?");
                    PreparedStatement event = ours.prepareStatement("""
                            INSERT INTO outbox (tenant_id, aggregate_type, aggregate_id, event_type, payload)
                            SELECT tenant_id, aggregate_type, aggregate_id, event_type, payload FROM outbox
                            WHERE tenant_id = ? AND aggregate_id = ? AND event_type = 'project.created'""")) {
                rename.setString(1, t.id());
                rename.setString(2, id);
                assertThat(rename.executeUpdate()).isEqualTo(1);
                event.setString(1, t.id());
                event.setString(2, id);
                assertThat(event.executeUpdate()).isEqualTo(1);
            }
            // while it stays open past the bound, other writes are still followed
            String other = aProject().named("Yonder archive").createdBy(t.writer());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> keyword(t.reader(), "yonder").contains(other));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> anonymous.get("/actuator/health")
                    .json().get("components").get("searchIndex").get("details").get("long_transactions_passed").asInt() >= 1);
            assertThat(keyword(t.reader(), "quetzal")).isEmpty();
            ours.commit();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> keyword(t.reader(), "quetzal").contains(id));
    }

    @Test
    void aBigPassedTransactionIsReadInBatchesFromWhereTheLastOneStopped() throws SQLException {
        var t = newTenant();
        String id = aProject().named("Bulk register").createdBy(t.writer());
        String schema = jdbc.sql("SELECT current_schema()").query(String.class).single();
        long tx;
        try (Connection ours = DriverManager.getConnection(TestBackends.EXTERNAL_URL + "?currentSchema=" + schema,
                TestBackends.EXTERNAL_USER, "")) {
            ours.setAutoCommit(false);
            var rs = ours.createStatement().executeQuery("SELECT pg_current_xact_id()::text");
            rs.next();
            tx = Long.parseLong(rs.getString(1));
            try (PreparedStatement events = ours.prepareStatement("""
                    INSERT INTO outbox (tenant_id, aggregate_type, aggregate_id, event_type, payload)
                    SELECT tenant_id, aggregate_type, aggregate_id, event_type, payload
                    FROM outbox, generate_series(1, 250)
                    WHERE tenant_id = ? AND aggregate_id = ? AND event_type = 'project.created'""")) {
                events.setString(1, t.id());
                events.setString(2, id);
                assertThat(events.executeUpdate()).isEqualTo(250);
            }
            ours.commit();
        }
        // a reader that passed the transaction while it ran (as an atomic import of 100,000 rows is passed)
        OutboxPosition at = new OutboxPosition(tx + 1, 0, List.of(new OutboxPosition.Gap(tx, 0)));
        List<Long> seqs = new ArrayList<>();
        for (int call = 0; call < 10 && !at.gaps().isEmpty(); call++) {
            Outbox.Batch batch = outbox.read(at, 100);
            assertThat(batch.events()).hasSizeLessThanOrEqualTo(100);
            batch.events().stream().filter(e -> e.position().txId() == tx).forEach(e -> seqs.add(e.position().seq()));
            at = batch.next();
        }
        assertThat(at.gaps()).as("the transaction is read to its end").isEmpty();
        assertThat(seqs).hasSize(250).isSorted().doesNotHaveDuplicates();
        OutboxPosition written = new OutboxPosition(9, 1, List.of(new OutboxPosition.Gap(5, 0), new OutboxPosition.Gap(7, 37)));
        assertThat(written.toString()).isEqualTo("9:1:5,7/37");
        assertThat(OutboxPosition.parse(written.toString())).isEqualTo(written);
    }

    private static List<String> keyword(Api reader, String word) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : reader.get("/api/search?mode=keyword&q=" + word).json().get("items")) ids.add(item.get("project_id").asString());
        return ids;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestBackends.EXTERNAL_URL, TestBackends.EXTERNAL_USER, "")) {
            c.createStatement().execute(sql);
        }
    }
}
