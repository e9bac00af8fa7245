package dev.almanac.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource: the connection pool behind a circuit breaker.
 *
 * <p>Why: while the database is unreachable every request that needs it waited the pool's whole
 * connection timeout, so clients and load balancers piled up behind requests that could only fail.
 * Once one attempt to get a connection has failed, the circuit opens and every further attempt fails
 * at once (PostgreSQL's SQLSTATE {@code 08001}, which the problem handler answers with 503 and
 * {@code Retry-After}); a background probe asks the pool for a connection every second and closes
 * the circuit as soon as it gets one. Connections already handed out are not affected: a query on
 * one that the network cut fails by the socket timeout.
 */
public final class DatabaseCircuit extends DelegatingDataSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseCircuit.class);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** PostgreSQL's too_many_connections: what a request that found the pool exhausted fails with. */
    public static final String BUSY_STATE = "53300";

    private final HikariDataSource pool;
    private volatile Instant downSince;
    private volatile String lastFailure;
    private volatile boolean closed;
    private Thread probe;

    DatabaseCircuit(HikariDataSource pool) {
        super(pool);
        this.pool = pool;
    }

    HikariDataSource pool() {
        return pool;
    }

    /** When the database became unreachable, or null while it is reachable. */
    public Instant downSince() {
        return downSince;
    }

    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Instant since = downSince;
        if (since != null) {
            throw new SQLTransientConnectionException("The database is unreachable since " + since, "08001");
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (busy(e)) {
                // every connection is in use and the database is fine: a burst, not an outage; keep the
                // circuit closed and let the problem handler answer "busy" (SQLSTATE 53300)
                throw new SQLTransientException("Every database connection is in use", BUSY_STATE, e);
            }
            open(e);
            throw e;
        }
    }

    /**
     * Hikari's timeout when no connection came free: without a cause, the pool had no failure to
     * connect (the database answers; all connections are simply busy). With one, it could not open a
     * connection: that is an outage.
     */
    private boolean busy(SQLException e) {
        var bean = pool.getHikariPoolMXBean();
        return e instanceof SQLTransientConnectionException && e.getCause() == null && bean != null
                && bean.getActiveConnections() >= pool.getMaximumPoolSize();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    private synchronized void open(SQLException cause) {
        if (downSince != null || closed) return;
        downSince = Instant.now();
        lastFailure = cause.getMessage();
        log.warn("Database unreachable ({}); answering 503 at once until a probe gets a connection again", cause.getMessage());
        probe = Thread.ofPlatform().name("database-probe").daemon().start(this::probeUntilReachable);
    }

    private void probeUntilReachable() {
        while (!closed) {
            try {
                Thread.sleep(PROBE_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            try (Connection c = pool.getConnection()) {
                if (c.isValid(2)) {
                    Instant since = downSince;
                    downSince = null;
                    log.info("Database reachable again after {} s", Duration.between(since, Instant.now()).toSeconds());
                    return;
                }
            } catch (SQLException e) {
                lastFailure = e.getMessage();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread p = probe;
        if (p != null) p.interrupt();
        pool.close();
    }
}
