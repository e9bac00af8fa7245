package dev.almanac;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/**
 * On SIGTERM, SIGINT or SIGHUP, closes the application first and only then lets the JVM exit (with
 * 128 + the signal's number, as the JVM's own handler does).
 *
 * <p>Why: ONNX Runtime registers a JVM shutdown hook of its own ({@code OrtEnvironment$OrtEnvCloser})
 * that releases its native environment, and the JVM runs all shutdown hooks at once. That release
 * raced Spring's shutdown: a thread still inside the model (a generation job, search's embedder, the
 * generation warm-up) crashed the JVM with SIGSEGV, and the embedded PostgreSQL was left running
 * with its {@code postmaster.pid} (two CI runs). Closing the context first stops every caller of the
 * model and waits for them, as a graceful stop does anyway; when the hooks then run, nobody is in the
 * model. A second signal while the first is closing exits at once, as before.
 */
final class CloseBeforeExit {
    private static final Logger log = LoggerFactory.getLogger(CloseBeforeExit.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

    private CloseBeforeExit() {}

    static void install(ConfigurableApplicationContext context) {
        AtomicBoolean closing = new AtomicBoolean();
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    int status = 128 + signal.getNumber();
                    if (!closing.compareAndSet(false, true)) {
                        System.exit(status);
                        return;
                    }
                    // not on the signal's own thread, which is a daemon: once the web server stopped, the
                    // JVM saw no other live thread, exited with 0 and ran the hooks in the middle of the close
                    Thread.ofPlatform().daemon(false).name("close-before-exit").start(() -> {
                        log.info("SIG{}: stopping", signal.getName());
                        try {
                            context.close();
                        } catch (RuntimeException e) {
                            log.warn("Closing the application on SIG{} failed: {}", signal.getName(), e.toString());
                        }
                        System.exit(status);
                    });
                });
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal for itself (e.g. started with -Xrs): its own handling stays
                log.debug("Signal {} left to the JVM: {}", name, e.getMessage());
            }
        }
    }
}
