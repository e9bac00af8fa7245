package dev.almanac.schedule;

import dev.almanac.background.BackgroundLoop;
import dev.almanac.background.BackgroundThreads;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;

/**
 * Runs the scheduled tasks of this instance: every poll it tries to claim each enabled schedule
 * (see {@link Schedules}) and runs each one it wins on a thread of its own, so a long run (the
 * nightly generation may take hours) never holds back another schedule's due time (the staging
 * cleanup every few minutes, the daily backup). Any number of instances may run a runner on one
 * database; each due time is run once. A run cut short by a crash is not repeated: the schedule's
 * next due time catches up (the nightly run picks up the projects still missing metadata). A
 * database outage makes claims fail for a while; the loop logs it once and carries on.
 */
class ScheduleRunner {
    private static final Logger log = LoggerFactory.getLogger(ScheduleRunner.class);

    private final Schedules schedules;
    private final List<ScheduledTask> tasks;
    private final Duration pollInterval;
    private final String instance = "instance-" + UUID.randomUUID().toString().substring(0, 8);
    // A task still running here is not claimed again even once its lease has run out: two runs of
    // one task never overlap on one instance, whatever its maxDuration says.
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private BackgroundLoop loop;
    private ExecutorService runs;

    ScheduleRunner(Schedules schedules, List<ScheduledTask> tasks, Duration pollInterval) {
        this.schedules = schedules;
        this.tasks = tasks.stream().filter(t -> !ScheduledTask.DISABLED.equals(t.cron())).toList();
        this.pollInterval = pollInterval;
        Set<String> names = new HashSet<>();
        for (ScheduledTask t : tasks) {
            if (!names.add(t.name())) throw new IllegalStateException("Two scheduled tasks are named '" + t.name() + "'");
            if (ScheduledTask.DISABLED.equals(t.cron())) continue;
            if (!CronExpression.isValidExpression(t.cron())) {
                throw new IllegalStateException("Schedule '" + t.name() + "': '" + t.cron() + "' is not a cron expression "
                        + "(six fields: second minute hour day month weekday, e.g. '0 0 2 * * *'; '-' disables it)");
            }
        }
    }

    synchronized void start() {
        if (running) return;
        running = true;
        registered = false;
        runs = Executors.newThreadPerTaskExecutor(BackgroundThreads.factory("schedule-run-"));
        // a database outage makes claims fail for a while: logged once, backed off, carried on
        loop = BackgroundLoop.named("Schedules", log)
                .thread("schedules")
                .pollInterval(pollInterval)
                .backoff(pollInterval.multipliedBy(2), Duration.ofSeconds(60))
                .interruptOnStop()
                .step(this::pollOnce)
                .build();
        loop.start();
    }

    synchronized void stop() {
        running = false;
        if (loop == null) return;
        loop.stop(Duration.ofSeconds(10));
        try {
            runs.shutdownNow(); // interrupts the runs; each records itself as interrupted
            runs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
    }

    boolean isRunning() {
        return running;
    }

    private boolean registered;

    /** One poll: register the schedules (once), then claim and start every task that is due. */
    private boolean pollOnce() {
        if (!registered) {
            for (ScheduledTask t : tasks) schedules.register(t.name(), t.cron());
            registered = true;
        }
        for (ScheduledTask t : tasks) {
            if (running && !runningHere.contains(t.name()) && schedules.claim(t.name(), t.cron(), instance, t.maxDuration())) {
                runningHere.add(t.name());
                runs.execute(() -> {
                    try {
                        runOnce(t);
                    } finally {
                        runningHere.remove(t.name());
                    }
                });
            }
        }
        return false;
    }

    private void runOnce(ScheduledTask task) {
        log.info("Schedule '{}' started on {}", task.name(), instance);
        boolean ok = false;
        boolean interrupted = false;
        String detail;
        try {
            detail = task.run();
            ok = true;
        } catch (InterruptedException e) {
            detail = "interrupted (instance stopping)";
            interrupted = true;
        } catch (RuntimeException e) {
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (ok) log.info("Schedule '{}' succeeded: {}", task.name(), detail);
        else log.warn("Schedule '{}' failed: {}", task.name(), detail);
        try {
            schedules.finish(task.name(), instance, ok, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        } catch (RuntimeException e) {
            log.warn("Schedule '{}': could not record its outcome ({}); the lease runs out by itself", task.name(), e.toString());
        }
        // restored only now: with the flag set, taking a pooled connection for finish() would fail
        if (interrupted) Thread.currentThread().interrupt();
    }
}
