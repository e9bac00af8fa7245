package dev.almanac.crash;

import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged service ({@code target/almanac.jar}) running as a child process of the test JVM, the
 * way an operator runs it: its own JVM, configured only through the environment, output to a log file.
 */
final class ServiceProcess {
    static final String ADMIN_TOKEN = "crash-recovery-admin-token-7f3c9a1e5b2d4f60";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final Api anonymous;
    private Duration startup = Duration.ZERO;

    private ServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.anonymous = new Api("http://127.0.0.1:" + port);
    }

    /** Starts the service on {@code dataDir} and returns once it reports ready. */
    static ServiceProcess startOn(Path dataDir, Path log) {
        return startOn(dataDir, log, java.util.Map.of());
    }

    /** Same, with extra environment variables (a test hook; {@code ALMANAC_DATABASE_URL} for an external PostgreSQL). */
    static ServiceProcess startOn(Path dataDir, Path log, java.util.Map<String, String> environment) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        Arrays.stream(System.getProperty("almanac.jvm.flags", "").trim().split("\\s+"))
                .filter(flag -> !flag.isEmpty())
                .forEach(command::add);
        // a killed worker's generation jobs are claimed again once their lease runs out: keep it short here
        if (!environment.containsKey("ALMANAC_GENERATION_LEASE")) command.add("-Dalmanac.generation.lease=10s");
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("ALMANAC_DATABASE_URL"); // always the embedded server
        builder.environment().put("ALMANAC_DATA_DIR", dataDir.toString());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("ALMANAC_ADMIN_TOKEN", ADMIN_TOKEN);
        // the generation warm-up reads a few hundred documents after every start: CPU these tests do not
        // need, unless a test asks for it
        builder.environment().put("ALMANAC_GENERATION_WARMUPDOCUMENTS", "0");
        builder.environment().putAll(environment);
        ServiceProcess service;
        try {
            service = new ServiceProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        service.awaitReady();
        return service;
    }

    /** Runs a CLI command of the packaged jar on {@code dataDir} (service stopped) and returns its exit code; output goes to {@code log}. */
    static int runCommand(Path dataDir, Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        Arrays.stream(System.getProperty("almanac.jvm.flags", "").trim().split("\\s+"))
                .filter(flag -> !flag.isEmpty())
                .forEach(command::add);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("ALMANAC_DATABASE_URL");
        builder.environment().put("ALMANAC_DATA_DIR", dataDir.toString());
        builder.environment().put("ALMANAC_ADMIN_TOKEN", ADMIN_TOKEN);
        try {
            Process process = builder.start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("`" + String.join(" ", args) + "` did not finish within " + START_TIMEOUT);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path jar() {
        String jar = System.getProperty("almanac.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("almanac.jar (" + jar + ") not found: run this test with `mvn verify`, "
                    + "which packages the service before the integration tests");
        }
        return Path.of(jar);
    }

    private void awaitReady() {
        long started = System.nanoTime();
        try {
            await("readiness of the service logging to " + log)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .failFast("the service exited while starting", () -> !process.isAlive())
                    .until(() -> anonymous.get("/actuator/health/readiness").status() == 200);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            process.destroyForcibly();
            throw new AssertionError(e.getMessage() + "\n--- last lines of " + log + " ---\n" + logTail(60), e);
        }
        startup = Duration.ofNanos(System.nanoTime() - started);
    }

    /** An API client with the bootstrap key (system role, acting in tenant {@code default}). */
    Api api() {
        return anonymous.as(ADMIN_TOKEN);
    }

    /** A client without credentials, e.g. to act with a tenant's key: {@code anonymous().as(key)}. */
    Api anonymous() {
        return anonymous;
    }

    Duration startup() {
        return startup;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the JVM gets no chance to run shutdown hooks or stop its PostgreSQL. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** The exit status, once it has exited: 128 + 15 after {@link #stop()}; a JVM that crashed says 134. */
    int exitValue() {
        return process.exitValue();
    }

    /** SIGTERM: graceful shutdown, which also stops the embedded PostgreSQL. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the service (pid " + process.pid() + ") did not exit within " + STOP_TIMEOUT
                        + "\n--- last lines of " + log + " ---\n" + logTail(40));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    Path log() {
        return log;
    }

    /**
     * A free port below Linux's ephemeral range (32768-60999). A port the kernel hands out for
     * {@code bind(0)} is free again once its socket closes, and the child's embedded PostgreSQL,
     * which picks its own port that way while it starts, was once given the very port chosen here for
     * HTTP ("Port … was already in use"); below that range the two can never meet.
     */
    private static int freePort() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(candidate)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IllegalStateException("no free port found between 20000 and 32000");
    }
}
