/**
 * The command line of the same jar ({@code java -jar almanac.jar definitions|projects|files|search|backup …}):
 * each command calls the owning module's Java API in a process that follows no outbox.
 */
@ApplicationModule(allowedDependencies = {"definition", "file", "search", "tenancy", "transfer", "web"})
package dev.almanac.cli;

import org.springframework.modulith.ApplicationModule;
