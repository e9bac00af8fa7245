package dev.almanac.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.almanac.testing.TcpProxy;
import dev.almanac.web.DatabaseOutage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a caller learns when the connection breaks at COMMIT, over the real pool, driver and
 * PostgreSQL behind a TCP proxy cut at that moment. The server may have committed before its
 * answer was lost, so the failure must say "during commit"; a connection that broke before COMMIT
 * changed nothing and must not say so.
 */
class BrokenCommitTest {
    private TcpProxy proxy;
    private HikariDataSource pool;

    @BeforeEach
    void pool() {
        proxy = new TcpProxy("127.0.0.1", 5432);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test");
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(2000);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void close() {
        pool.close();
        proxy.close();
    }

    @Test
    void aCommitOnACutConnectionIsReportedAsACommitWhoseOutcomeIsUnknown() {
        Throwable failure = cutBefore(true, new CommitAwareTransactionManager(pool));
        assertThat(DatabaseOutage.isCause(failure)).as(String.valueOf(failure)).isTrue();
        assertThat(DatabaseOutage.isDuringCommit(failure)).as(String.valueOf(failure)).isTrue();
    }

    @Test
    void aStatementOnACutConnectionChangedNothingAndSaysSo() {
        Throwable failure = cutBefore(false, new CommitAwareTransactionManager(pool));
        assertThat(DatabaseOutage.isCause(failure)).as(String.valueOf(failure)).isTrue();
        assertThat(DatabaseOutage.isDuringCommit(failure)).as(String.valueOf(failure)).isFalse();
    }

    /**
     * Why our own transaction manager: Spring Boot's JdbcTransactionManager, on the same failure, tries
     * a rollback on the broken connection and throws the rollback's failure, which hides the commit.
     */
    @Test
    void springBootsDefaultManagerHidesTheCommitBehindTheRollbacksFailure() {
        Throwable failure = cutBefore(true, new JdbcTransactionManager(pool));
        assertThat(DatabaseOutage.isCause(failure)).as(String.valueOf(failure)).isTrue();
        assertThat(DatabaseOutage.isDuringCommit(failure)).as(String.valueOf(failure)).isFalse();
    }

    /** One transaction that reads, then loses its connection before its COMMIT or before its next statement. */
    private Throwable cutBefore(boolean commit, PlatformTransactionManager manager) {
        JdbcClient jdbc = JdbcClient.create(pool);
        return catchThrowable(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {
            jdbc.sql("SELECT 1").query(Integer.class).single();
            proxy.cut();
            if (!commit) jdbc.sql("SELECT 2").query(Integer.class).single();
        }));
    }
}
