package dev.almanac.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.almanac.testing.Api;
import dev.almanac.testing.Multipart;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The file store's promises against the real, packaged service: a SIGKILL between placing content and
 * committing its row leaves an orphan that reconciliation removes, never a row without content; and a
 * backup restored into an empty data directory serves byte-identical content.
 */
class FilesCrashIT {
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    @Test
    void sigkillBetweenContentAndCommitLeavesNoOrphanAfterReconciliationAndNoRowWithoutContent() throws Exception {
        Path data = newDataDir("files-sigkill");
        // TEST HOOK: the service pauses between placing the content and committing its row
        ServiceProcess first = start(data, Map.of("ALMANAC_FILES_TESTPAUSEBEFORECOMMIT", "120s"));
        Api api = first.api();
        assertThat(api.post("/api/projects", "{\"id\":\"crash\",\"name\":\"Crash\"}").status()).isEqualTo(201);
        CompletableFuture<Api.Response> upload = CompletableFuture.supplyAsync(() ->
                Multipart.file("doomed.txt", "never committed".getBytes(StandardCharsets.UTF_8)).postTo(api, "/api/projects/crash/files"));
        Path store = data.resolve("files");
        await("content placed in the store").atMost(Duration.ofSeconds(60)).until(() -> !contentFiles(store).isEmpty());

        first.kill();
        assertThat(upload.handle((r, e) -> r == null || r.status() != 201).get()).as("the upload was not acknowledged").isTrue();
        assertThat(contentFiles(store)).as("the orphan the crash left").hasSize(1);

        ServiceProcess second = start(data, Map.of());
        Api restarted = second.api();
        assertThat(restarted.get("/api/projects/crash/files").json().get("items")).as("no row was committed").isEmpty();
        JsonNode report = restarted.post("/api/admin/files/reconcile?grace_seconds=0", "").json();
        assertThat(report.get("missing_count").asLong()).as("rows without content").isZero();
        assertThat(report.get("orphans_deleted").asLong()).isEqualTo(1);
        assertThat(contentFiles(store)).as("content files after reconciliation").isEmpty();
        assertThat(restarted.get("/api/projects/crash").json().get("file_count").asInt()).isZero();

        Api.Response after = Multipart.file("fine.txt", "committed".getBytes()).postTo(restarted, "/api/projects/crash/files");
        assertThat(after.status()).isEqualTo(201);
        JsonNode again = restarted.get("/api/admin/files/reconcile?checksums=true").json();
        assertThat(again.get("missing_count").asLong() + again.get("mismatch_count").asLong() + again.get("orphan_count").asLong()).isZero();
        second.stop();
    }

    @Test
    void backupRestoredIntoAnEmptyDataDirectoryServesIdenticalContent() throws Exception {
        Path source = newDataDir("files-backup");
        ServiceProcess original = start(source, Map.of());
        Api api = original.api();
        assertThat(api.post("/api/projects", "{\"id\":\"archive\",\"name\":\"Archive\",\"description\":\"Backed up\"}").status()).isEqualTo(201);
        Map<String, String> sha256ById = new LinkedHashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 5; i++) {
            byte[] content = new byte[1_000 + random.nextInt(300_000)];
            random.nextBytes(content);
            JsonNode f = Multipart.file("blob-" + i + ".bin", content).with("bucket", "b" + (i % 2)).postTo(api, "/api/projects/archive/files").json();
            assertThat(f.get("checksum_sha256").asString()).isEqualTo(sha256(content));
            sha256ById.put(f.get("id").asString(), f.get("checksum_sha256").asString());
        }
        JsonNode table = Multipart.file("t.csv", "a,b\n1,x\n2,y\n".getBytes()).postTo(api, "/api/projects/archive/files").json();
        sha256ById.put(table.get("id").asString(), table.get("checksum_sha256").asString());
        assertThat(api.put("/api/projects/archive/meta/owner", "\"records team\"").status()).isEqualTo(201);
        JsonNode projectBefore = api.get("/api/projects/archive").json();
        original.stop();

        Path archive = source.resolveSibling(source.getFileName() + ".tar");
        assertThat(ServiceProcess.runCommand(source, log(source, "backup"), "backup", "--output", archive.toString()))
                .as("backup exit code; see %s", log(source, "backup")).isZero();

        Path target = newDataDir("files-restore");
        assertThat(ServiceProcess.runCommand(target, log(target, "restore"), "restore", "--input", archive.toString()))
                .as("restore exit code; see %s", log(target, "restore")).isZero();
        assertThat(ServiceProcess.runCommand(target, log(target, "restore-again"), "restore", "--input", archive.toString()))
                .as("a second restore into a non-empty installation is refused").isEqualTo(1);

        ServiceProcess restored = start(target, Map.of());
        Api after = restored.api();
        JsonNode projectAfter = after.get("/api/projects/archive").json();
        for (String field : List.of("name", "description", "size_bytes", "file_count", "table_count", "bucket_count")) {
            assertThat(projectAfter.get(field)).as(field).isEqualTo(projectBefore.get(field));
        }
        assertThat(after.get("/api/projects/archive/meta/owner").json().get("value").asString()).isEqualTo("records team");
        for (var e : sha256ById.entrySet()) {
            HttpResponse<byte[]> download = after.getBytes("/api/projects/archive/files/" + e.getKey() + "/content");
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(sha256(download.body())).as("content of %s", e.getKey()).isEqualTo(e.getValue());
        }
        JsonNode report = after.get("/api/admin/files/reconcile?checksums=true").json();
        assertThat(report.get("registered").asLong()).isEqualTo(sha256ById.size());
        assertThat(report.get("missing_count").asLong() + report.get("mismatch_count").asLong() + report.get("orphan_count").asLong()).isZero();
        JsonNode upload = Multipart.file("new.txt", "after restore".getBytes()).postTo(after, "/api/projects/archive/files").json();
        assertThat(upload.get("id").asString()).isNotBlank();
        restored.stop();
    }

    private ServiceProcess start(Path data, Map<String, String> environment) {
        Path log = data.resolveSibling(data.getFileName() + "-" + (services.size() + 1) + ".log");
        ServiceProcess service = ServiceProcess.startOn(data, log, environment);
        services.add(service);
        return service;
    }

    private static Path log(Path data, String what) {
        return data.resolveSibling(data.getFileName() + "-" + what + ".log");
    }

    private static List<Path> contentFiles(Path store) throws IOException {
        if (!Files.isDirectory(store)) return List.of();
        try (Stream<Path> walk = Files.walk(store)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(store.resolve(".tmp"))).toList();
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private Path newDataDir(String name) throws IOException {
        Path root = ServiceProcess.jar().toAbsolutePath().getParent().resolve("crash-it");
        Files.createDirectories(root);
        Path dir = Files.createTempDirectory(root, name + "-");
        dataDirs.add(dir);
        return dir;
    }

    @AfterEach
    void tidyUp() {
        services.stream().filter(ServiceProcess::isAlive).forEach(ServiceProcess::kill);
        dataDirs.forEach(Postmaster::killEverythingIn);
        for (ServiceProcess s : services) System.out.println("--- last lines of " + s.log() + " ---\n" + s.logTail(30));
        dataDirs.forEach(FilesCrashIT::deleteRecursively);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }
}
