package dev.almanac.generation;

import dev.almanac.background.BackgroundLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.almanac.background.BackgroundSettings;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Worker threads that claim and run generation jobs. The number of threads is the worker
 * concurrency ({@code almanac.generation.workers}). A database outage only makes claiming fail for
 * a while: the loop logs it once, backs off (up to 30 s) and carries on by itself.
 */
@Component
class GenerationWorker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GenerationWorker.class);

    private final GenerationJobs jobs;
    private final GenerationJobHandler handler;
    private final int workers;
    private final Duration lease;
    private final Duration idle;
    private final boolean enabled;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<BackgroundLoop> loops = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean tookJobs;

    GenerationWorker(GenerationJobs jobs, GenerationJobHandler handler,
            GenerationSettings settings, BackgroundSettings background) {
        this.jobs = jobs;
        this.handler = handler;
        this.workers = settings.workers();
        this.lease = settings.lease();
        this.idle = settings.pollInterval();
        this.enabled = settings.enabled() && background.enabled();
    }

    @Override
    public boolean isAutoStartup() {
        return enabled;
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            String id = name + "-" + i;
            // a database outage only makes claiming fail for a while; a job caught half-way is claimed
            // again when its lease runs out
            BackgroundLoop loop = BackgroundLoop.named("Generation worker " + id, log)
                    .thread("generation-" + i)
                    .lowPriority()
                    .pollInterval(idle)
                    .backoff(Duration.ofMillis(500), Duration.ofSeconds(30))
                    .step(() -> {
                        var job = jobs.claim(id, lease);
                        if (job.isEmpty()) return false;
                        tookJobs = true;
                        handler.run(job.get(), id);
                        return true;
                    })
                    .build();
            loops.add(loop);
            loop.start();
        }
    }

    /** For the health component: threads configured and alive, failed polls so far, the last error. */
    record Status(boolean enabled, int configured, int alive, long failedPolls, String lastError, Instant lastProgress) {}

    Status status() {
        int alive = (int) loops.stream().filter(BackgroundLoop::isAlive).count();
        long failed = loops.stream().mapToLong(BackgroundLoop::failures).sum();
        String error = loops.stream().map(BackgroundLoop::lastError).filter(Objects::nonNull).findFirst().orElse(null);
        Instant progress = loops.stream().map(BackgroundLoop::lastProgress).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new Status(enabled, enabled ? workers : 0, alive, failed, error, progress);
    }

    /** Whether a worker of this instance has taken a job since the start ({@link GenerationWarmUp} then stops). */
    boolean hasTakenJobs() {
        return tookJobs;
    }

    @Override
    public void stop() {
        running = false;
        loops.forEach(BackgroundLoop::signalStop);
        // a job in flight finishes; one that does not is claimed again after its lease
        for (BackgroundLoop loop : loops) loop.awaitStop(Duration.ofSeconds(30));
        loops.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
