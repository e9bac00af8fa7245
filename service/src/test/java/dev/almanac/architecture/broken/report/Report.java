package dev.almanac.architecture.broken.report;

import dev.almanac.architecture.broken.invoice.Invoices;
import dev.almanac.architecture.broken.ledger.Ledger;

/** Breaks the rule: depends on invoice, which its package-info does not allow. */
public class Report {
    public String render() {
        return new Ledger().balance() + " / " + new Invoices().total();
    }
}
