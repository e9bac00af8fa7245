package dev.almanac.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Worker threads that claim and run generation jobs. The number of threads is the worker
 * concurrency ({@code almanac.generation.workers}). A database outage only makes claiming fail for
 * a while: the loop waits and carries on by itself.
 */
@Component
class GenerationWorker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GenerationWorker.class);

    private final GenerationJobs jobs;
    private final Generation generation;
    private final int workers;
    private final Duration lease;
    private final long idleMillis;
    private final boolean enabled;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    GenerationWorker(GenerationJobs jobs, Generation generation,
            @Value("${almanac.generation.workers:1}") int workers,
            @Value("${almanac.generation.lease-seconds:120}") int leaseSeconds,
            @Value("${almanac.generation.poll-interval-ms:500}") long idleMillis,
            @Value("${almanac.generation.enabled:true}") boolean enabled,
            @Value("${almanac.background.enabled:true}") boolean background) {
        this.jobs = jobs;
        this.generation = generation;
        this.workers = workers;
        this.lease = Duration.ofSeconds(leaseSeconds);
        this.idleMillis = idleMillis;
        this.enabled = enabled && background;
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
            threads.add(Thread.ofPlatform().name("generation-" + i).daemon().start(() -> loop(id)));
        }
    }

    private void loop(String worker) {
        while (running) {
            try {
                var job = jobs.claim(worker, lease);
                if (job.isPresent()) {
                    generation.run(job.get(), worker);
                } else {
                    Thread.sleep(idleMillis);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Generation worker {}: {}; retrying shortly", worker, e.toString());
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
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
