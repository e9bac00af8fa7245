package dev.almanac.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which database failures are an outage, and which of those leave the change's fate unknown: the
 * failures come from Spring's real transaction managers over a connection whose COMMIT breaks.
 */
class DatabaseOutageKindsTest {

    @Test
    void aConnectionThatBreaksAtCommitIsAnOutageWhoseOutcomeIsUnknown() {
        for (PlatformTransactionManager manager : new PlatformTransactionManager[] {
                new DataSourceTransactionManager(breakingAtCommit()), new JdbcTransactionManager(breakingAtCommit())}) {
            Throwable failure = catchThrowable(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {}));
            assertThat(failure).as(manager.getClass().getSimpleName()).isNotNull();
            assertThat(DatabaseOutage.isCause(failure)).as(failure.toString()).isTrue();
            assertThat(DatabaseOutage.isDuringCommit(failure)).as(failure.toString()).isTrue();
        }
    }

    @Test
    void noConnectionAtAllChangedNothing() {
        var noConnection = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("Connection refused", "08001"));
        assertThat(DatabaseOutage.isCause(noConnection)).isTrue();
        assertThat(DatabaseOutage.isDuringCommit(noConnection)).isFalse();
    }

    /** A data source whose connections work until COMMIT, which fails as PgJDBC's does on a cut socket. */
    private static DataSource breakingAtCommit() {
        Connection connection = proxy(Connection.class, method -> {
            if (method.equals("commit")) throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
            return null;
        });
        return proxy(DataSource.class, method -> method.equals("getConnection") ? connection : null);
    }

    interface Answer {
        Object to(String method) throws Throwable;
    }

    /** A stand-in for an interface: identity for Object's methods, neutral values for the rest unless answered. */
    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(DatabaseOutageKindsTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    case "toString" -> type.getSimpleName() + " stand-in";
                    default -> {
                        Object answered = answer.to(method.getName());
                        Class<?> returns = method.getReturnType();
                        yield answered != null ? answered : returns == boolean.class ? Boolean.FALSE : returns == int.class ? 0 : null;
                    }
                }));
    }
}
