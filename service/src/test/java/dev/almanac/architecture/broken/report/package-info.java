@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger"})
package dev.almanac.architecture.broken.report;
