package dev.almanac.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.testing.TestBackends;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Real transactions on the test PostgreSQL: what is gathered, when it is handed over, and how often. */
class AfterTransactionTest {
    private final DataSourceTransactionManager transactions = new DataSourceTransactionManager(
            new DriverManagerDataSource(TestBackends.EXTERNAL_URL, TestBackends.EXTERNAL_USER, ""));
    private final List<Set<String>> handed = new ArrayList<>();

    @Test
    void aTransactionsValuesAreHandedOverOnceAfterItCommitsWithOneSynchronization() {
        AfterTransaction<String> gathered = AfterTransaction.afterCommit(handed::add);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (int i = 0; i < 1000; i++) gathered.add("key-" + (i % 3));
            assertThat(handed).as("nothing before the commit").isEmpty();
            assertThat(TransactionSynchronizationManager.getSynchronizations()).hasSize(1);
        });
        assertThat(handed).containsExactly(Set.of("key-0", "key-1", "key-2"));
        assertThat(TransactionSynchronizationManager.hasResource(gathered)).isFalse();
    }

    @Test
    void afterCommitSkipsARollbackAndAfterCompletionDoesNot() {
        AfterTransaction<String> onCommit = AfterTransaction.afterCommit(handed::add);
        List<Set<String>> completed = new ArrayList<>();
        AfterTransaction<String> onCompletion = AfterTransaction.afterCompletion(completed::add);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            onCommit.add("a");
            onCompletion.add("b");
            status.setRollbackOnly();
        });
        assertThat(handed).isEmpty();
        assertThat(completed).containsExactly(Set.of("b"));
        onCommit.add("outside"); // no transaction: at once
        assertThat(handed).containsExactly(Set.of("outside"));
    }

    @Test
    void anInnerNewTransactionGathersItsOwnValues() {
        AfterTransaction<String> gathered = AfterTransaction.afterCommit(handed::add);
        TransactionTemplate inner = new TransactionTemplate(transactions);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            gathered.add("outer-1");
            inner.executeWithoutResult(s -> gathered.add("inner"));
            assertThat(handed).as("the inner one committed first").containsExactly(Set.of("inner"));
            gathered.add("outer-2");
        });
        assertThat(handed).containsExactly(Set.of("inner"), Set.of("outer-1", "outer-2"));
    }
}
