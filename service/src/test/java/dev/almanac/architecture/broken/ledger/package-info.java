@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.almanac.architecture.broken.ledger;
