/**
 * Three modules that break the rules on purpose, for {@code ModularityTest} to show that the rules
 * fail: {@code invoice} reaches into {@code ledger}'s internals, and {@code report} depends on
 * {@code invoice} although its declared dependencies allow only {@code ledger}.
 */
package dev.almanac.architecture.broken;
