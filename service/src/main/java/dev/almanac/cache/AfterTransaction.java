package dev.almanac.cache;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Values gathered over one transaction and handed to an action, all in one call, once it has ended;
 * outside a transaction the action runs at once.
 *
 * <p>Why not one transaction synchronization per value: Spring copies and sorts the list of a
 * transaction's synchronizations at every savepoint, so a bulk import that evicted 400,000 cache
 * entries one synchronization each made every savepoint slower than the one before (a 100,000-row
 * import spent most of its Java time there). This registers one per transaction and action.
 *
 * <p>A transaction started inside this one ({@code REQUIRES_NEW}) gathers its own values: the set
 * is put aside while the outer one is suspended.
 */
public final class AfterTransaction<T> {
    private final Consumer<Set<T>> action;
    private final boolean onlyIfCommitted;

    private AfterTransaction(Consumer<Set<T>> action, boolean onlyIfCommitted) {
        this.action = action;
        this.onlyIfCommitted = onlyIfCommitted;
    }

    /** Runs {@code action} after the transaction ended, committed or rolled back. */
    public static <T> AfterTransaction<T> afterCompletion(Consumer<Set<T>> action) {
        return new AfterTransaction<>(action, false);
    }

    /** Runs {@code action} only if the transaction committed. */
    public static <T> AfterTransaction<T> afterCommit(Consumer<Set<T>> action) {
        return new AfterTransaction<>(action, true);
    }

    public void add(T value) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.accept(Set.of(value));
            return;
        }
        @SuppressWarnings("unchecked")
        Set<T> gathered = (Set<T>) TransactionSynchronizationManager.getResource(this);
        if (gathered == null) {
            gathered = new LinkedHashSet<>();
            TransactionSynchronizationManager.bindResource(this, gathered);
            TransactionSynchronizationManager.registerSynchronization(new Gathering(gathered));
        }
        gathered.add(value);
    }

    private final class Gathering implements TransactionSynchronization {
        private final Set<T> gathered;

        Gathering(Set<T> gathered) {
            this.gathered = gathered;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(AfterTransaction.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(AfterTransaction.this, gathered);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(AfterTransaction.this);
            if (!onlyIfCommitted || status == STATUS_COMMITTED) action.accept(gathered);
        }
    }
}
