package dev.almanac.background;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code backgroundLoops}: every running {@link BackgroundLoop} (outbox dispatcher,
 * search index follower, generation workers, job event feed, schedules) with the time of its last
 * successful round, whether its last round failed, and its last error. A loop that stalls because
 * the database is away stays UP here (the {@code db} component says why; the loop resumes by
 * itself); a loop whose thread has died is DOWN, since nothing brings it back but a restart.
 */
@Component("backgroundLoopsHealthIndicator")
class BackgroundLoopsHealth implements HealthIndicator {

    @Override
    public Health health() {
        boolean allAlive = true;
        Map<String, Object> loops = new LinkedHashMap<>();
        for (BackgroundLoop loop : BackgroundLoop.started().stream().sorted(Comparator.comparing(BackgroundLoop::name)).toList()) {
            boolean alive = loop.isAlive();
            allAlive &= alive;
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("alive", alive);
            d.put("stalled", loop.stalled());
            d.put("last_progress", loop.lastProgress() == null ? "none" : loop.lastProgress().toString());
            d.put("last_error", loop.lastError() == null ? "none" : loop.lastError());
            d.put("failures", loop.failures());
            String key = loop.name();
            for (int n = 2; loops.containsKey(key); n++) key = loop.name() + " #" + n; // several contexts in one JVM (tests)
            loops.put(key, d);
        }
        return (allAlive ? Health.up() : Health.down()).withDetails(loops).build();
    }
}
