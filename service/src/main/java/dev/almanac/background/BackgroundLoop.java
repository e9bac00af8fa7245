package dev.almanac.background;

import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One polling loop on a thread of its own: run a step; when it did work, run it again at once,
 * otherwise wait the poll interval; when it fails (typically: the database is away), say so once,
 * back off (doubling up to a cap), and say once more when it works again. Failures are counted in
 * the metric {@code almanac_background_failures_total{loop=…}}; the time of the last successful step
 * is kept for health components. {@link #stop} wakes a waiting loop and waits for the running step to
 * end; it interrupts the thread only when asked to (an interrupt in the middle of file I/O closes
 * Lucene's channels, for one).
 *
 * <p>Why one class: the generation worker, the job event feed, the schedules, the search index
 * follower and the outbox dispatcher each had this loop written by hand, each a little differently
 * (one logged every failure every 200 ms, one never logged its recovery).
 */
public final class BackgroundLoop {

    /** One round of work. Returns true when it did something, so the loop goes again at once. */
    @FunctionalInterface
    public interface Step {
        boolean run() throws Exception;
    }

    private final String name;
    private final String threadName;
    private final Logger log;
    private final Step step;
    private final Duration pollInterval;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final boolean lowPriority;
    private final boolean interruptOnStop;
    private final Object wakeUp = new Object();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Instant lastProgress;
    private volatile String lastError;
    private volatile int failingFor; // consecutive failed rounds; 0 while healthy

    private BackgroundLoop(Builder b) {
        this.name = b.name;
        this.threadName = b.threadName == null ? b.name : b.threadName;
        this.log = b.log;
        this.step = b.step;
        this.pollInterval = b.pollInterval;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.lowPriority = b.lowPriority;
        this.interruptOnStop = b.interruptOnStop;
    }

    /**
     * The loops running in this JVM, for the {@code backgroundLoops} health component. Static because
     * the loops are built by their owners, not by Spring; a loop leaves when it is told to stop.
     */
    private static final java.util.Set<BackgroundLoop> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static java.util.List<BackgroundLoop> started() {
        return java.util.List.copyOf(STARTED);
    }

    String name() {
        return name;
    }

    public static Builder named(String name, Logger log) {
        return new Builder(name, log);
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        STARTED.add(this);
        thread = lowPriority ? BackgroundThreads.start(threadName, this::loop)
                : Thread.ofPlatform().name(threadName).daemon().start(this::loop);
    }

    /** Stops the loop and waits up to {@code wait} for the step in progress to finish. */
    public void stop(Duration wait) {
        signalStop();
        awaitStop(wait);
    }

    /** Asks the loop to stop after the step in progress (several loops can be told first, then awaited). */
    public void signalStop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        STARTED.remove(this);
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        if (t != null && interruptOnStop) t.interrupt();
    }

    public void awaitStop(Duration wait) {
        Thread t = thread;
        if (t == null) return;
        try {
            t.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return running;
    }

    public boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Failed rounds since start. */
    public long failures() {
        return failures.get();
    }

    /** When a round last succeeded; null before the first. */
    public Instant lastProgress() {
        return lastProgress;
    }

    /** The last failure (class name), or null while the loop works. */
    public String lastError() {
        return lastError;
    }

    /** Whether the last round failed. */
    public boolean stalled() {
        return failingFor > 0;
    }

    /** Runs one round on the calling thread, with the loop's bookkeeping; returns the wait before the next. */
    Duration round() throws InterruptedException {
        try {
            boolean worked = step.run();
            if (failingFor > 0) {
                log.info("{}: recovered (database reachable again) after {} failed attempts", name, failingFor);
            }
            failingFor = 0;
            lastError = null;
            lastProgress = Instant.now();
            return worked ? Duration.ZERO : pollInterval;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Say it once, not every few seconds for the length of an outage.
            if (failingFor++ == 0) log.warn("{}: {}; retrying with backoff", name, e.toString());
            failures.incrementAndGet();
            Metrics.counter("almanac.background.failures", "loop", name).increment();
            lastError = e.getClass().getSimpleName();
            return backoff(failingFor);
        }
    }

    /** initial, 2×initial, 4×initial, … up to the cap, after the n-th consecutive failure. */
    Duration backoff(int consecutiveFailures) {
        long initial = initialBackoff.toMillis();
        long millis = initial << Math.min(20, Math.max(0, consecutiveFailures - 1));
        return Duration.ofMillis(Math.min(maxBackoff.toMillis(), millis < 0 ? Long.MAX_VALUE : millis));
    }

    private void loop() {
        while (running) {
            Duration pause;
            try {
                pause = round();
            } catch (InterruptedException e) {
                return;
            }
            if (!pause.isZero() && !sleep(pause)) return;
        }
    }

    /**
     * For a step that must wait before it goes on (e.g. to let work gather): waits as the loop waits
     * between rounds, returning early when the loop is told to stop.
     */
    public void pause(Duration pause) {
        if (!sleep(pause)) Thread.currentThread().interrupt();
    }

    /** Waits, or less when stopped; false when interrupted. */
    private boolean sleep(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        synchronized (wakeUp) {
            while (running) {
                long left = until - System.nanoTime();
                if (left <= 0) break;
                try {
                    wakeUp.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        return true;
    }

    public static final class Builder {
        private final String name;
        private final Logger log;
        private String threadName;
        private Step step;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private boolean lowPriority;
        private boolean interruptOnStop;

        private Builder(String name, Logger log) {
            this.name = name;
            this.log = log;
        }

        public Builder step(Step step) {
            this.step = step;
            return this;
        }

        /** The thread's name, when it is not the loop's name (which starts its log lines). */
        public Builder thread(String threadName) {
            this.threadName = threadName;
            return this;
        }

        /** The wait after a round that found nothing to do. */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = interval;
            return this;
        }

        /** The wait after the first failure, doubling with each further one up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Run below request threads ({@link BackgroundThreads}). */
        public Builder lowPriority() {
            this.lowPriority = true;
            return this;
        }

        /** Interrupt the thread on stop (only for steps that may be interrupted safely). */
        public Builder interruptOnStop() {
            this.interruptOnStop = true;
            return this;
        }

        public BackgroundLoop build() {
            if (step == null) throw new IllegalStateException("BackgroundLoop '" + name + "' has no step");
            return new BackgroundLoop(this);
        }
    }
}
