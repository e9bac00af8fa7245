package dev.almanac.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load run, the same model as pgbench: N workers, each with its own connection, send
 * one request, wait for the answer, send the next. Requests started during the warm-up are not
 * counted; the measured window is the same for every worker.
 */
final class Load {
    /** One request against the system under test; throws if the answer is wrong. */
    interface Probe extends AutoCloseable {
        void call(ThreadLocalRandom random) throws Exception;

        @Override
        default void close() throws Exception {}
    }

    /** Opens the probe of one worker: its own HTTP client or JDBC connection. */
    interface ProbeFactory {
        Probe open() throws Exception;
    }

    record Result(String name, int clients, long requests, long errors, Duration window, Histogram latencyMicros,
            Cpu.Usage cpu) {
        double perSecond() {
            return requests / (window.toNanos() / 1e9);
        }

        double percentileMillis(double p) {
            return latencyMicros.getValueAtPercentile(p) / 1000.0;
        }
    }

    private Load() {}

    static Result run(String name, int clients, ProbeFactory factory, Duration warmup, Duration measure, Cpu cpu)
            throws Exception {
        Log.info("%s: %d clients, %ds warm-up + %ds", name, clients, warmup.toSeconds(), measure.toSeconds());
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < clients; i++) probes.add(factory.open());
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        List<Worker> workers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        AtomicReference<Cpu.Snapshot> cpuAtStart = new AtomicReference<>();
        for (Probe probe : probes) {
            Worker w = new Worker(probe, measureFrom, measureTo, done);
            workers.add(w);
            Thread.ofPlatform().name(name + "-" + workers.size()).start(w);
        }
        Thread.sleep(Duration.ofNanos(measureFrom - System.nanoTime()));
        cpuAtStart.set(cpu.snapshot());
        Thread.sleep(Duration.ofNanos(Math.max(0, measureTo - System.nanoTime())));
        Cpu.Usage usage = cpu.since(cpuAtStart.get());
        done.await();
        for (Probe probe : probes) probe.close();

        Histogram all = new Histogram(3);
        long requests = 0;
        long errors = 0;
        for (Worker w : workers) {
            all.add(w.histogram);
            requests += w.requests;
            errors += w.errors;
            if (w.firstError != null) Log.info("%s: first error: %s", name, w.firstError);
        }
        Result r = new Result(name, clients, requests, errors, measure, all, usage);
        Log.info("%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d", name, r.perSecond(), r.percentileMillis(50),
                r.percentileMillis(99), errors);
        return r;
    }

    private static final class Worker implements Runnable {
        final Histogram histogram = new Histogram(3);
        final Probe probe;
        final long measureFrom;
        final long measureTo;
        final CountDownLatch done;
        long requests;
        long errors;
        Exception firstError;

        Worker(Probe probe, long measureFrom, long measureTo, CountDownLatch done) {
            this.probe = probe;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
            this.done = done;
        }

        @Override
        public void run() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= measureTo) break;
                    boolean counted = t0 >= measureFrom;
                    try {
                        probe.call(random);
                        if (counted) {
                            histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                            requests++;
                        }
                    } catch (Exception e) {
                        if (counted) errors++;
                        if (firstError == null) firstError = e;
                    }
                }
            } finally {
                done.countDown();
            }
        }
    }
}
