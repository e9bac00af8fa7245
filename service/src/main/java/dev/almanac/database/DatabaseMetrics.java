package dev.almanac.database;

import dev.almanac.config.AlmanacProperties;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL health as Prometheus metrics, next to Hikari's own {@code hikaricp_connections_*}:
 * <ul>
 * <li>{@code almanac_db_pool_usage_ratio}: connections in use over the pool's maximum;
 * <li>{@code almanac_db_buffer_cache_hit_ratio}: share of block reads served from shared buffers
 *     (this database, since the statistics were last reset);
 * <li>{@code almanac_db_slow_statements}: statements whose mean time exceeds
 *     {@code almanac.database.slow-statement-threshold}, and {@code almanac_db_statement_mean_seconds}
 *     by {@code queryid} for the slowest five — only when {@code pg_stat_statements} is installed
 *     (the embedded server does not load it; then these two are simply absent).
 * </ul>
 * The queries run at most every 15 s, whatever the scrape rate.
 */
@Component
class DatabaseMetrics implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(DatabaseMetrics.class);
    private static final long REFRESH_NANOS = Duration.ofSeconds(15).toNanos();

    private final JdbcClient jdbc;
    private final HikariDataSource pool;
    private final double slowMillis;
    private MultiGauge slowest;
    private volatile long refreshedAt = System.nanoTime() - 2 * REFRESH_NANOS;
    private volatile double hitRatio = Double.NaN;
    private volatile double slowCount = Double.NaN;
    private volatile boolean statementsAvailable = true;

    DatabaseMetrics(JdbcClient jdbc, DatabaseCircuit circuit, AlmanacProperties properties) {
        Duration slowThreshold = properties.database().slowStatementThreshold();
        this.jdbc = jdbc;
        this.pool = circuit.pool();
        this.slowMillis = slowThreshold.toNanos() / 1e6;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("almanac.db.pool.usage.ratio", pool, p -> p.getHikariPoolMXBean() == null ? 0
                        : (double) p.getHikariPoolMXBean().getActiveConnections() / p.getMaximumPoolSize())
                .description("Connections in use over the maximum pool size").register(meters);
        Gauge.builder("almanac.db.buffer.cache.hit.ratio", this, m -> m.refreshed().hitRatio)
                .description("blks_hit / (blks_hit + blks_read) of this database in pg_stat_database").register(meters);
        Gauge.builder("almanac.db.slow.statements", this, m -> m.refreshed().slowCount)
                .description("Statements in pg_stat_statements with a mean time over the threshold (NaN without the extension)")
                .tag("threshold_ms", Long.toString(Math.round(slowMillis)))
                .register(meters);
        slowest = MultiGauge.builder("almanac.db.statement.mean.seconds")
                .description("Mean execution time of the five slowest statements by pg_stat_statements queryid")
                .register(meters);
    }

    private synchronized DatabaseMetrics refreshed() {
        if (System.nanoTime() - refreshedAt < REFRESH_NANOS) return this;
        refreshedAt = System.nanoTime();
        try {
            hitRatio = jdbc.sql("""
                            SELECT coalesce(blks_hit::float8 / nullif(blks_hit + blks_read, 0), 0)
                            FROM pg_stat_database WHERE datname = current_database()""")
                    .query(Double.class).single();
        } catch (RuntimeException e) {
            log.debug("buffer cache hit ratio unavailable", e);
        }
        if (statementsAvailable) refreshStatements();
        return this;
    }

    private void refreshStatements() {
        try {
            record Slow(String queryId, double meanMillis) {}
            List<Slow> top = jdbc.sql("""
                            SELECT queryid::text, mean_exec_time FROM pg_stat_statements s
                            JOIN pg_database d ON d.oid = s.dbid AND d.datname = current_database()
                            ORDER BY mean_exec_time DESC LIMIT 5""")
                    .query((rs, n) -> new Slow(rs.getString(1), rs.getDouble(2))).list();
            slowCount = jdbc.sql("""
                            SELECT count(*) FROM pg_stat_statements s
                            JOIN pg_database d ON d.oid = s.dbid AND d.datname = current_database()
                            WHERE mean_exec_time > ?""")
                    .param(slowMillis).query(Long.class).single();
            if (slowest != null) {
                slowest.register(top.stream()
                        .map(s -> MultiGauge.Row.of(Tags.of("queryid", s.queryId()), s.meanMillis() / 1000.0))
                        .toList(), true);
            }
        } catch (RuntimeException e) {
            // not installed, not preloaded, or no permission: report nothing rather than fail the scrape
            statementsAvailable = false;
            log.info("pg_stat_statements is not available ({}); slow-statement metrics are off", e.getClass().getSimpleName());
        }
    }
}
