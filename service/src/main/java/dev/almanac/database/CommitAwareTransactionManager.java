package dev.almanac.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionSystemException;

/**
 * Spring Boot's transaction manager, except when the connection breaks at COMMIT.
 *
 * <p>There the stock manager turns the failure into a data-access exception, tries a ROLLBACK on the
 * broken connection, and throws that rollback's failure instead ("Commit exception overridden by
 * rollback exception"). The caller then saw an ordinary outage and answered "nothing was changed",
 * although the server may have committed before its answer was lost: RepeatedOutagesIT found a
 * project created under such an answer. Raised as a transaction-system failure, the commit's own
 * failure reaches the caller, and no rollback is tried on a connection that cannot carry one (the
 * server ends the transaction itself when the connection closes). Any other commit failure, such as
 * a constraint checked at commit, is translated as before.
 */
final class CommitAwareTransactionManager extends JdbcTransactionManager {
    /** The task name Spring's manager gives a failed commit; {@code DatabaseOutage} looks for it. */
    static final String COMMIT = "JDBC commit";

    CommitAwareTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected RuntimeException translateException(String task, SQLException ex) {
        if (COMMIT.equals(task) && connectionBroke(ex)) {
            return new TransactionSystemException(COMMIT + " failed: the connection broke; the outcome is unknown", ex);
        }
        return super.translateException(task, ex);
    }

    /** SQLSTATE class 08 (connection exception), as PgJDBC and the pool report a cut or closed connection. */
    private static boolean connectionBroke(SQLException ex) {
        return ex instanceof SQLRecoverableException || ex instanceof SQLNonTransientConnectionException
                || (ex.getSQLState() != null && ex.getSQLState().startsWith("08"));
    }
}
