package dev.almanac.architecture.broken.ledger.internal;

/** Public for the ledger module's own use, not part of its API. */
public class LedgerStore {
    public long sum() {
        return 42;
    }
}
