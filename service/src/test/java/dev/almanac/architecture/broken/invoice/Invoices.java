package dev.almanac.architecture.broken.invoice;

import dev.almanac.architecture.broken.ledger.internal.LedgerStore;

/** Breaks the rule: uses another module's internals instead of its API. */
public class Invoices {
    public long total() {
        return new LedgerStore().sum();
    }
}
