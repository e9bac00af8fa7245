/**
 * Threads for work nobody is waiting on (embedding, generation jobs, schedules, compaction), run at
 * a lower operating-system priority than request threads so cheap requests go first on a busy
 * machine.
 */
@ApplicationModule(allowedDependencies = {})
package dev.almanac.background;

import org.springframework.modulith.ApplicationModule;
