package dev.almanac.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code schedules} table: when each schedule runs next, who runs it now, how its last run
 * ended. Claiming a run locks the row ({@code FOR UPDATE SKIP LOCKED}), checks it is due and not
 * leased, and moves {@code next_run_at} to the following due time in the same transaction, so
 * however many instances poll, one due time starts one run.
 */
@Repository
class Schedules {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    Schedules(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    record State(String name, String cron, Instant nextRunAt, String runningOn, Instant leaseUntil, Instant lastStartedAt,
            Instant lastFinishedAt, String lastOutcome, String lastDetail, long runs) {}

    /** Creates the row, or re-plans it when this instance's cron differs from the stored one. */
    void register(String name, String cron) {
        CronExpression expression = CronExpression.parse(cron);
        tx.executeWithoutResult(status -> {
            Instant now = databaseNow();
            Timestamp next = Timestamp.from(expression.next(now.atZone(java.time.ZoneOffset.UTC)).toInstant());
            jdbc.sql("""
                            INSERT INTO schedules (name, cron, next_run_at) VALUES (?, ?, ?)
                            ON CONFLICT (name) DO UPDATE SET cron = EXCLUDED.cron, next_run_at = EXCLUDED.next_run_at
                            WHERE schedules.cron <> EXCLUDED.cron""")
                    .params(name, cron, next)
                    .update();
        });
    }

    /** True when this instance won the schedule's current due time and should run it now. */
    boolean claim(String name, String cron, String instance, Duration lease) {
        CronExpression expression = CronExpression.parse(cron);
        Boolean won = tx.execute(status -> {
            var row = jdbc.sql("""
                            SELECT now() AS db_now, next_run_at <= now() AND (lease_until IS NULL OR lease_until < now()) AS due
                            FROM schedules WHERE name = ? FOR UPDATE SKIP LOCKED""")
                    .param(name)
                    .query((rs, n) -> new Object[] {rs.getTimestamp("db_now").toInstant(), rs.getBoolean("due")})
                    .optional();
            if (row.isEmpty() || !(Boolean) row.get()[1]) return false;
            Instant now = (Instant) row.get()[0];
            Instant next = expression.next(now.atZone(java.time.ZoneOffset.UTC)).toInstant();
            jdbc.sql("""
                            UPDATE schedules SET next_run_at = ?, running_on = ?, lease_until = now() + make_interval(secs => ?),
                                last_started_at = now(), runs = runs + 1
                            WHERE name = ?""")
                    .params(Timestamp.from(next), instance, lease.toSeconds(), name)
                    .update();
            return true;
        });
        return Boolean.TRUE.equals(won);
    }

    void finish(String name, String instance, boolean succeeded, String detail) {
        jdbc.sql("""
                        UPDATE schedules SET running_on = NULL, lease_until = NULL, last_finished_at = now(),
                            last_outcome = ?, last_detail = ?
                        WHERE name = ? AND running_on = ?""")
                .params(succeeded ? "succeeded" : "failed", detail, name, instance)
                .update();
    }

    List<State> all() {
        return jdbc.sql("""
                        SELECT name, cron, next_run_at, running_on, lease_until, last_started_at, last_finished_at,
                               last_outcome, last_detail, runs FROM schedules ORDER BY name""")
                .query(Schedules::map)
                .list();
    }

    private Instant databaseNow() {
        return jdbc.sql("SELECT now()").query(Timestamp.class).single().toInstant();
    }

    private static State map(ResultSet rs, int n) throws SQLException {
        return new State(rs.getString("name"), rs.getString("cron"), instant(rs, "next_run_at"), rs.getString("running_on"),
                instant(rs, "lease_until"), instant(rs, "last_started_at"), instant(rs, "last_finished_at"),
                rs.getString("last_outcome"), rs.getString("last_detail"), rs.getLong("runs"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
