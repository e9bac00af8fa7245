/**
 * The transactional outbox: typed events ({@link dev.almanac.outbox.DomainEvent}) written in the
 * transaction of each change and followed, in order, by consumers with checkpoints.
 */
@ApplicationModule(allowedDependencies = {"background", "schedule"})
@OwnsTables({"outbox", "outbox_checkpoints", "outbox_pruned"})
package dev.almanac.outbox;

import dev.almanac.OwnsTables;
import org.springframework.modulith.ApplicationModule;
