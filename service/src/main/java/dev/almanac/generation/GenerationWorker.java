package dev.almanac.generation;

import dev.almanac.background.BackgroundThreads;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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
    private final Generation generation;
    private final int workers;
    private final Duration lease;
    private final Duration idle;
    private final boolean enabled;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicLong failedPolls = new AtomicLong();
    private volatile String lastError;
    private volatile boolean running;

    GenerationWorker(GenerationJobs jobs, Generation generation,
            GenerationSettings settings, BackgroundSettings background) {
        this.jobs = jobs;
        this.generation = generation;
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
            threads.add(BackgroundThreads.start("generation-" + i, () -> loop(id)));
        }
    }

    private void loop(String worker) {
        int failures = 0;
        while (running) {
            try {
                var job = jobs.claim(worker, lease);
                if (failures > 0) log.info("Generation worker {}: database reachable again after {} failed attempts", worker, failures);
                failures = 0;
                lastError = null;
                if (job.isPresent()) {
                    generation.run(job.get(), worker);
                } else {
                    Thread.sleep(idle);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Typically the database is away. Say so once, not every few seconds for the length
                // of the outage; a job caught half-way is claimed again when its lease runs out.
                if (failures++ == 0) log.warn("Generation worker {}: {}; retrying with backoff", worker, e.toString());
                failedPolls.incrementAndGet();
                lastError = e.getClass().getSimpleName();
                try {
                    Thread.sleep(backoff(failures));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** 0.5 s, 1 s, 2 s, … up to 30 s between attempts while the database is unreachable. */
    static long backoff(int failures) {
        return Math.min(30_000, 500L << Math.min(6, failures - 1));
    }

    /** For the health component: threads configured and alive, failed polls so far, the last error. */
    record Status(boolean enabled, int configured, int alive, long failedPolls, String lastError) {}

    Status status() {
        int alive = (int) threads.stream().filter(Thread::isAlive).count();
        return new Status(enabled, enabled ? workers : 0, alive, failedPolls.get(), lastError);
    }

    @Override
    public void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(30_000); // a job in flight finishes; one that does not is claimed again after its lease
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
