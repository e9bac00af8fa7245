package dev.almanac.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The foundation's crash promise: after {@code kill -9} of the service the next start succeeds on the
 * same data directory and every acknowledged write is there. Runs the packaged jar as a child
 * process, so the JVM really dies and the embedded PostgreSQL really is left behind.
 */
class CrashRecoveryIT {
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    @Test
    void everyAcknowledgedWriteSurvivesSigkillOfTheService() throws Exception {
        Path data = newDataDir("sigkill");
        ServiceProcess first = start(data);
        WriteLoad load = new WriteLoad(first.api(), "sigkill").start(8);
        awaitAcknowledged(load, 400);

        first.kill();
        load.awaitEnd(Duration.ofSeconds(60));
        assertThat(load.unexpectedResponses()).as("answers other than success before the kill").isEmpty();
        Postmaster orphan = Postmaster.recordedIn(data).orElseThrow();
        assertThat(orphan.isRunning()).as("the embedded PostgreSQL outlives a SIGKILL of the JVM").isTrue();

        ServiceProcess second = start(data);
        assertThat(orphan.isRunning()).as("the orphaned postmaster %d was stopped", orphan.pid()).isFalse();
        assertNoAcknowledgedWriteLost(load, second);
        assertAcceptsWrites(second);
        stopAndAssertPostgresStopped(second, data);
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillOfServiceAndPostgresLeavingAStalePidFile() throws Exception {
        Path data = newDataDir("stale-pid");
        ServiceProcess first = start(data);
        WriteLoad load = new WriteLoad(first.api(), "stalepid").start(4);
        awaitAcknowledged(load, 200);

        first.kill();
        Postmaster.killEverythingIn(data); // WAL replay on the next start
        load.awaitEnd(Duration.ofSeconds(60));
        assertThat(load.unexpectedResponses()).as("answers other than success before the kill").isEmpty();
        Postmaster stale = Postmaster.recordedIn(data).orElseThrow();
        assertThat(stale.isRunning()).as("postmaster.pid names a dead process").isFalse();

        ServiceProcess second = start(data);
        assertNoAcknowledgedWriteLost(load, second);
        assertAcceptsWrites(second);
        stopAndAssertPostgresStopped(second, data);
    }

    /**
     * After a reboot or a container restart the pid in a stale {@code postmaster.pid} can belong to
     * anyone, even to another PostgreSQL. Start-up must neither refuse to run nor signal that process.
     */
    @Test
    void stalePidFileNamingAnUnrelatedProcessNeitherBlocksStartNorHurtsThatProcess() throws Exception {
        Path data = newDataDir("reused-pid");
        ServiceProcess first = start(data);
        WriteLoad load = new WriteLoad(first.api(), "reusedpid").start(2);
        awaitAcknowledged(load, 40);
        load.stop();
        load.awaitEnd(Duration.ofSeconds(30));
        List<String> pidFile = Files.readAllLines(Postmaster.pidFile(data));
        stopAndAssertPostgresStopped(first, data);

        // Looks like a postgres to ps and pgrep: argv[0] is "postgres".
        Process bystander = new ProcessBuilder("bash", "-c", "exec -a postgres sleep 600").start();
        try {
            Path cmdline = Path.of("/proc", Long.toString(bystander.pid()), "cmdline");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(cmdline).startsWith("postgres"));
            pidFile.set(0, Long.toString(bystander.pid()));
            Files.write(Postmaster.pidFile(data), pidFile);

            ServiceProcess second = start(data);
            assertThat(bystander.isAlive()).as("the process named by the stale pid file was left alone").isTrue();
            assertNoAcknowledgedWriteLost(load, second);
            stopAndAssertPostgresStopped(second, data);
        } finally {
            bystander.destroyForcibly();
        }
    }

    /**
     * Search's crash promise: the index's checkpoint lives in its own commit, so after a SIGKILL in
     * the middle of embedding and indexing the restarted service replays from there and ends up
     * with exactly the live projects, none missing, none deleted, none twice.
     */
    @Test
    void searchIndexHoldsExactlyTheLiveProjectsAfterSigkillDuringIndexing() throws Exception {
        Path data = newDataDir("search");
        ServiceProcess first = start(data);
        var api = first.api();
        String filler = " and other matters of the quarterly operations review".repeat(12); // ~100 words to embed
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Integer>> writes = new ArrayList<>();
            for (int n = 0; n < 400; n++) {
                int i = n;
                writes.add(pool.submit(() -> api.post("/api/projects", "{\"id\":\"doc-" + i + "\",\"name\":\"Document " + i
                        + "\",\"description\":\"Report number " + i + " about topic zq" + i + "x" + filler + "\"}").status()));
            }
            for (var w : writes) assertThat(w.get()).isEqualTo(201);
        }
        for (int i = 0; i < 400; i += 10) api.delete("/api/projects/doc-" + i);
        for (int i = 5; i < 400; i += 10) api.patch("/api/projects/doc-" + i, "{\"description\":\"rewritten as topic qq" + i + "y\"}");
        var status = api.get("/api/admin/search/status").json();
        System.out.printf("killing while search lags: %s%n", status);
        assertThat(status.get("lag_events").asLong() > 0 || status.get("embedded_projects").asLong() < 360)
                .as("the kill must land while indexing is still under way: %s", status).isTrue();
        first.kill();

        ServiceProcess second = start(data);
        var restarted = second.api();
        await("index caught up").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var s = restarted.get("/api/admin/search/status").json();
            return s.get("lag_events").asLong() == 0 && s.get("embedded_projects").asLong() == 360;
        });
        var verify = restarted.get("/api/admin/search/verify").json();
        assertThat(verify.get("missing")).as(verify.toString()).isEmpty();
        assertThat(verify.get("extra")).as(verify.toString()).isEmpty();
        assertThat(verify.get("duplicated")).as(verify.toString()).isEmpty();
        assertThat(verify.get("live").asLong()).isEqualTo(360);
        // the last state of each project is what is indexed
        assertThat(searchIds(restarted, "qq15y")).containsExactly("doc-15");
        assertThat(searchIds(restarted, "zq15x")).isEmpty();
        assertThat(searchIds(restarted, "zq20x")).isEmpty(); // deleted
        assertThat(searchIds(restarted, "zq21x")).containsExactly("doc-21");
        stopAndAssertPostgresStopped(second, data);
    }

    /**
     * Generation's crash promise: jobs running when the JVM dies are claimed again after their lease
     * and end succeeded or failed, none stuck; a job that ran twice still stored one result.
     */
    @Test
    void generationJobsEndAndStoreOneResultEachAfterSigkill() throws Exception {
        Path data = newDataDir("generation");
        ServiceProcess first = start(data);
        var api = first.api();
        String text = "The finance team closed the quarterly books and reconciled supplier invoices against the ledger. "
                .repeat(6);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            assertThat(api.post("/api/projects", "{\"id\":\"gen-" + i + "\",\"name\":\"Books " + i
                    + "\",\"description\":\"" + text + "\"}").status()).isEqualTo(201);
            var accepted = api.post("/api/projects/gen-" + i + "/generate_metadata/", null);
            assertThat(accepted.status()).isEqualTo(202);
            jobIds.add(accepted.json().get("job_id").asString());
        }
        await("a job running").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobIds.stream().anyMatch(id -> api.get("/api/jobs/" + id).json().get("status").asString().equals("running")));
        first.kill();

        ServiceProcess second = start(data);
        var restarted = second.api();
        await("every job ended").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                jobIds.stream().allMatch(id -> Set.of("succeeded", "failed").contains(restarted.get("/api/jobs/" + id).json().get("status").asString())));
        for (int i = 0; i < jobIds.size(); i++) {
            String jobId = jobIds.get(i);
            var job = restarted.get("/api/jobs/" + jobId).json();
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
            var summary = restarted.get("/api/projects/gen-" + i + "/meta/summary").json();
            assertThat(summary.get("provenance").get("job_id").asString()).isEqualTo(jobId);
            // one stored result: the summary was written once, by this job
            long writes = countOperations(restarted, "gen-" + i, "generation-job " + jobId, "summary");
            assertThat(writes).as("summary writes of job %s", jobId).isEqualTo(1);
        }
        stopAndAssertPostgresStopped(second, data);
    }

    private static long countOperations(dev.almanac.testing.Api api, String projectId, String actor, String resourceId) {
        long n = 0;
        for (var op : api.get("/api/operations?operation=put_meta&status=success&limit=500&project_id=" + projectId).json().get("items")) {
            if (op.get("actor").asString().equals(actor) && op.get("resource_id").asString().equals(resourceId)) n++;
        }
        return n;
    }

    /**
     * ONNX Runtime releases its native environment in a JVM shutdown hook of its own, which ran
     * alongside Spring's: a stop while a thread was inside the model crashed the JVM (SIGSEGV, exit
     * 134) and left PostgreSQL running. The generation warm-up starts reading as the service becomes
     * ready (here with more documents than it can read), and a stop right then crashed about one
     * start in three before the service closed itself ahead of the JVM's hooks.
     */
    @Test
    void aStopWhileTheModelIsReadingExitsCleanlyAndStopsPostgres() throws Exception {
        Path data = newDataDir("model-busy");
        for (int round = 1; round <= 5; round++) {
            ServiceProcess service = start(data, Map.of("ALMANAC_GENERATION_WARMUPDOCUMENTS", "10000"));
            stopAndAssertPostgresStopped(service, data);
            assertThat(service.exitValue()).as("exit status of round %d (a JVM crash is 134):%n%s", round, service.logTail(30))
                    .isEqualTo(143);
        }
    }

    private static List<String> searchIds(dev.almanac.testing.Api api, String word) {
        List<String> ids = new ArrayList<>();
        api.get("/api/search?mode=keyword&q=" + word).json().get("items").forEach(i -> ids.add(i.get("project_id").asString()));
        return ids;
    }

    private ServiceProcess start(Path data) {
        return start(data, Map.of());
    }

    private ServiceProcess start(Path data, Map<String, String> environment) {
        Path log = data.resolveSibling(data.getFileName() + "-" + (services.size() + 1) + ".log");
        ServiceProcess service = ServiceProcess.startOn(data, log, environment);
        services.add(service);
        System.out.printf("service pid %d ready after %d ms (log %s)%n", service.pid(), service.startup().toMillis(), log);
        return service;
    }

    private static void awaitAcknowledged(WriteLoad load, int writes) {
        await("%d acknowledged writes".formatted(writes))
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(20))
                .failFast("the load got an answer other than success", () -> !load.unexpectedResponses().isEmpty())
                .until(() -> load.acknowledged() >= writes);
    }

    private static void assertNoAcknowledgedWriteLost(WriteLoad load, ServiceProcess restarted) {
        Ledger ledger = load.ledger();
        List<String> lost = ledger.discrepancies(restarted.api());
        System.out.printf("%d acknowledged writes over %d resources; %d writes in doubt, %d of them committed%n",
                load.acknowledged(), ledger.acknowledgedCount(), ledger.inDoubtCount(), ledger.inDoubtApplied(restarted.api()));
        assertThat(lost).as("resources that lost an acknowledged write").isEmpty();
        assertThat(load.acknowledged()).isPositive();
    }

    private static void assertAcceptsWrites(ServiceProcess service) {
        var created = service.api().post("/api/projects", "{\"id\":\"after-recovery\",\"name\":\"After recovery\"}");
        assertThat(created.status()).as("create after recovery: %s", created).isEqualTo(201);
        var meta = service.api().put("/api/projects/after-recovery/meta/state", "\"recovered\"");
        assertThat(meta.status()).as("put meta after recovery: %s", meta).isEqualTo(201);
    }

    private static void stopAndAssertPostgresStopped(ServiceProcess service, Path data) {
        service.stop();
        assertThat(Postmaster.pidFile(data)).as("a clean stop removes postmaster.pid").doesNotExist();
        assertThat(Postmaster.processesIn(data)).as("PostgreSQL processes left after a clean stop").isEmpty();
    }

    private Path newDataDir(String name) throws IOException {
        Path root = ServiceProcess.jar().toAbsolutePath().getParent().resolve("crash-it");
        Files.createDirectories(root);
        Path dir = Files.createTempDirectory(root, name + "-");
        dataDirs.add(dir);
        return dir;
    }

    /** Even after a failure: nothing of this test may keep running, whatever state it stopped in. */
    @AfterEach
    void killLeftovers() {
        services.stream().filter(ServiceProcess::isAlive).forEach(ServiceProcess::kill);
        dataDirs.forEach(Postmaster::killEverythingIn);
    }

    @RegisterExtension
    final TestWatcher reportOrTidyUp = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ServiceProcess service : services) {
                System.out.println("--- last lines of " + service.log() + " ---\n" + service.logTail(80));
            }
            System.out.println("data directories kept for inspection: " + dataDirs);
        }

        @Override
        public void testSuccessful(ExtensionContext context) {
            dataDirs.forEach(CrashRecoveryIT::deleteRecursively);
        }
    };

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }
}
