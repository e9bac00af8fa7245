package dev.almanac.architecture.broken.ledger;

/** The module's API. */
public class Ledger {
    public long balance() {
        return new dev.almanac.architecture.broken.ledger.internal.LedgerStore().sum();
    }
}
