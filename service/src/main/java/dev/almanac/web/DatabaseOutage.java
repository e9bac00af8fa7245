package dev.almanac.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognizes a failure that means "the database cannot be reached right now" rather than "this
 * request is wrong": the client should retry later (503 with {@code Retry-After}), not give up.
 */
public final class DatabaseOutage {
    /** Long enough for the circuit's probe to notice a restored database. */
    public static final long RETRY_AFTER_SECONDS = 5;
    static final String DETAIL = "The database is unreachable; nothing was changed. Retry after the time in Retry-After";

    private DatabaseOutage() {}

    public static final long BUSY_RETRY_AFTER_SECONDS = 1;
    static final String BUSY_DETAIL = "The service is busy (every database connection is in use); nothing was changed. Retry after the time in Retry-After";

    /** Every pooled connection was in use for the whole wait: an overload, not an outage. */
    public static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // 53300 (too_many_connections): from our pool when it is exhausted, or from PostgreSQL itself
            if (t instanceof SQLException sql && "53300".equals(sql.getSQLState())) return true;
        }
        return false;
    }

    static final String COMMIT_DETAIL = "The connection to the database broke while the change was being committed, "
            + "so it may or may not have been applied. Read it back before you repeat it, after the time in Retry-After";

    /**
     * The connection broke at COMMIT itself: the server may have applied the change before its
     * answer was lost, so "nothing was changed" would be a false promise. Spring's transaction
     * managers name the task "JDBC commit" in the exception they raise for it.
     */
    public static boolean isDuringCommit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("JDBC commit")) return true;
        }
        return false;
    }

    public static boolean isCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof TransactionSystemException || t instanceof DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            // 08: connection exception; 57P01..03: the server is shutting down or starting
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
