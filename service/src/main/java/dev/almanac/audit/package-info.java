/**
 * The operations log (seed ADR-008): who did what, when, with which request id and outcome. Modules
 * record successes inside the transaction of the change ({@link dev.almanac.audit.OperationLog});
 * failed and denied attempts of {@code @Audited} endpoints are recorded afterwards on their own.
 */
@ApplicationModule(allowedDependencies = {"web"})
@OwnsTables({"operations_log"})
package dev.almanac.audit;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
