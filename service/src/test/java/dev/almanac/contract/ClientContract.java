package dev.almanac.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.almanac.client.AlmanacClient;
import dev.almanac.client.AlmanacException;
import dev.almanac.client.Models;
import dev.almanac.client.Transfer;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The Java client ({@code almanac-client}) against the running service: each area through the
 * client's door, checked through the client and, where it matters, the plain HTTP door. Run on every backend.
 */
abstract class ClientContract extends ApiTestBase {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path tmp;

    private AlmanacClient client(Api keyed) {
        return client(keyed, 3);
    }

    private AlmanacClient client(Api keyed, int retries) {
        return AlmanacClient.builder("http://127.0.0.1:" + port, keyed.bearer())
                .requestTimeout(Duration.ofSeconds(60)).maxRetries(retries).pageSize(3)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(3)).definitionsDirectory(tmp).build();
    }

    @Test
    void projectsCreateReadListUpdateAndDelete() {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        Models.Project created = almanac.projects().create("ledger", "Ledger", "Books");
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.status()).isEqualTo("active");
        for (int i = 0; i < 7; i++) almanac.projects().create("p-" + i, "Project " + i, null);
        assertThat(almanac.projects().get("ledger").description()).isEqualTo("Books");

        List<String> ids = almanac.projects().list().map(Models.Project::id).collect(Collectors.toList());
        assertThat(ids).hasSize(8).contains("ledger", "p-6").isSorted(); // 3 pages of 3
        assertThat(almanac.projects().list(null, "Ledger", null).count()).isEqualTo(1);

        Models.Project renamed = almanac.projects().update("ledger", Map.of("name", "General ledger"), 1L);
        assertThat(renamed.version()).isEqualTo(2);
        assertThatThrownBy(() -> almanac.projects().update("ledger", Map.of("name", "Stale"), 1L))
                .isInstanceOf(AlmanacException.PreconditionFailed.class);
        almanac.projects().delete("p-0");
        assertThat(almanac.projects().get("p-0").status()).isEqualTo("deleted");
        assertThat(t.reader().get("/api/projects/ledger").json().get("name").asString()).isEqualTo("General ledger");
    }

    @Test
    void errorsAreTypedFromProblemDocumentsWithTheirRequestId() {
        var t = newTenant();
        AlmanacClient writer = client(t.writer());
        writer.projects().create("dup", "Dup", null);

        AlmanacException.NotFound missing = catchThrowableOfType(AlmanacException.NotFound.class,
                () -> writer.projects().get("nope"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.requestId()).isNotBlank().isEqualTo(writer.lastRequestId());
        assertThat(missing.detail()).contains("nope");

        assertThatThrownBy(() -> writer.projects().create("dup", "Again", null)).isInstanceOf(AlmanacException.Conflict.class);
        AlmanacException.BadRequest bad = catchThrowableOfType(AlmanacException.BadRequest.class,
                () -> writer.projects().create("bad id!", "Bad", null));
        assertThat(bad.errors()).extracting(AlmanacException.FieldError::field).contains("id");
        assertThatThrownBy(() -> client(t.reader()).projects().create("x", "X", null))
                .isInstanceOf(AlmanacException.Forbidden.class);
        assertThatThrownBy(() -> AlmanacClient.builder("http://127.0.0.1:" + port, "not-a-key").build().projects().get("dup"))
                .isInstanceOf(AlmanacException.Unauthorized.class);
        writer.projects().update("dup", Map.of("status", "locked"), null);
        AlmanacException.Conflict locked = catchThrowableOfType(AlmanacException.Conflict.class,
                () -> writer.metadata().put("dup", "k", NODES.stringNode("v")));
        assertThat(locked.type()).endsWith("project-locked");
    }

    @Test
    void rateLimitedIdempotentCallsAreRetriedAndOthersAreNot() {
        var t = newTenant();
        assertThat(system.put("/api/admin/tenants/" + t.id() + "/limits",
                "{\"requests_per_second\":1,\"burst\":1,\"generation_jobs_per_day\":null}").status()).isEqualTo(200);
        AlmanacClient once = client(t.writer(), 0);
        AlmanacException.RateLimited limited = catchThrowableOfType(AlmanacException.RateLimited.class, () -> {
            for (int i = 0; i < 5; i++) once.projects().list().count();
        });
        assertThat(limited.retryAfter()).isNotNull().isPositive();

        AlmanacClient retrying = client(t.writer(), 5);
        for (int i = 0; i < 3; i++) assertThat(retrying.projects().list().count()).isZero(); // GETs wait and succeed
        assertThatThrownBy(() -> {
            for (int i = 0; i < 5; i++) retrying.projects().create(null, "Burst " + i, null); // a POST is never repeated
        }).isInstanceOf(AlmanacException.RateLimited.class);
    }

    @Test
    void metadataUpdateRetriesWhenSomeoneWroteInBetween() {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        almanac.projects().create("ledger", "Ledger", null);
        almanac.metadata().put("ledger", "owners", NODES.arrayNode().add("ann"));

        AtomicInteger calls = new AtomicInteger();
        Models.MetaEntry updated = almanac.metadata().update("ledger", "owners", current -> {
            if (calls.incrementAndGet() == 1) { // another writer gets there first, once
                assertThat(t.writer().put("/api/projects/ledger/meta/owners", "[\"ann\",\"bob\"]").status()).isEqualTo(200);
            }
            return ((ArrayNode) current.deepCopy()).add("chen");
        });
        assertThat(calls.get()).isEqualTo(2);
        assertThat(updated.version()).isEqualTo(3);
        assertThat(updated.value().toString()).isEqualTo("[\"ann\",\"bob\",\"chen\"]");

        Models.MetaEntry fresh = almanac.metadata().update("ledger", "count", current -> NODES.numberNode(current == null ? 1 : current.asInt() + 1));
        assertThat(fresh.value().asInt()).isEqualTo(1);
        assertThatThrownBy(() -> almanac.metadata().put("ledger", "count", NODES.numberNode(5), 7))
                .isInstanceOf(AlmanacException.PreconditionFailed.class);
        assertThat(almanac.metadata().list("ledger").map(Models.MetaEntry::key)).containsExactly("count", "owners");
        almanac.metadata().delete("ledger", "count");
        assertThatThrownBy(() -> almanac.metadata().get("ledger", "count")).isInstanceOf(AlmanacException.NotFound.class);
    }

    @Test
    void definitionsWithVersionsAndALocalDirectoryFallback() throws Exception {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        JsonNode v1 = Api.JSON.readTree("{\"columns\":[\"id\"]}");
        JsonNode v2 = Api.JSON.readTree("{\"columns\":[\"id\",\"total\"]}");
        assertThat(almanac.definitions().save("view", "orders", v1).version()).isEqualTo(1);
        assertThat(almanac.definitions().put("view", "orders", v2, List.of("sales"), 1).version()).isEqualTo(2);
        assertThatThrownBy(() -> almanac.definitions().put("view", "orders", v1, null, 1))
                .isInstanceOf(AlmanacException.PreconditionFailed.class);
        assertThat(almanac.definitions().get("view", "orders", 1).data()).isEqualTo(v1);
        assertThat(almanac.definitions().versions("view", "orders").map(Models.DefinitionVersion::version))
                .containsExactly(2L, 1L);

        Files.createDirectories(tmp.resolve("view"));
        Files.writeString(tmp.resolve("view/local-only.json"), "{\"columns\":[\"x\"]}");
        assertThat(almanac.definitions().load("view", "orders")).isEqualTo(v2); // the service wins
        assertThat(almanac.definitions().load("view", "local-only").get("columns").get(0).asString()).isEqualTo("x");
        assertThatThrownBy(() -> almanac.definitions().load("view", "nowhere")).isInstanceOf(AlmanacException.NotFound.class);
        assertThat(almanac.definitions().loadMany("view", List.of("orders", "local-only", "nowhere")))
                .containsOnlyKeys("orders", "local-only");
    }

    @Test
    void generationSuggestionsJobsAndSearch() {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        // long enough for a summary (the local model writes none for a handful of words)
        almanac.projects().create("kube", "Kubernetes cluster costs", "Monthly spend of our Kubernetes clusters by "
                + "namespace and team, with the storage, network egress and load balancer charges broken out per service.");
        Models.GenerationRequest request = almanac.generation().request("kube", false);
        assertThat(request.jobId()).isNotBlank();
        Models.Job job = almanac.generation().await(request.jobId(), Duration.ofSeconds(120));
        assertThat(job.status()).as(String.valueOf(job.error())).isEqualTo("succeeded");
        assertThat(almanac.jobs().get(job.id()).projectId()).isEqualTo("kube");
        assertThat(client(t.admin()).jobs().list(null, "kube").map(Models.Job::id)).containsExactly(job.id());

        List<String> suggested = almanac.metadata().list("kube").filter(e -> "suggested".equals(e.reviewStatus()))
                .map(Models.MetaEntry::key).collect(Collectors.toList());
        assertThat(suggested).contains("summary", "tags");
        assertThat(almanac.metadata().accept("kube", "summary").reviewStatus()).isEqualTo("accepted");
        almanac.metadata().reject("kube", "tags");
        assertThatThrownBy(() -> almanac.metadata().get("kube", "tags")).isInstanceOf(AlmanacException.NotFound.class);
        assertThatThrownBy(() -> almanac.metadata().reject("kube", "summary")).isInstanceOf(AlmanacException.Conflict.class);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                almanac.search().query("kubernetes", "keyword", 10).items().stream().anyMatch(h -> h.projectId().equals("kube")));
        assertThat(almanac.generation().await(request.jobId(), Duration.ZERO).status()).isEqualTo("succeeded"); // finished: no wait
    }

    @Test
    void importAndExportThroughTheClient() throws Exception {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        Path csv = tmp.resolve("projects.csv");
        Files.writeString(csv, "id,name,meta.category\nledger,Ledger,\"\"\"finance\"\"\"\norders,Orders,\"\"\"sales\"\"\"\n");
        Models.ImportReport report = almanac.transfer().importFile(csv, true);
        assertThat(report.created()).isEqualTo(2);
        assertThat(almanac.metadata().get("ledger", "category").source()).isEqualTo("import");
        assertThat(almanac.transfer().importFile(csv, true).unchanged()).isEqualTo(2);

        AlmanacException.BadRequest refused = catchThrowableOfType(AlmanacException.BadRequest.class,
                () -> almanac.transfer().importStream(new ByteArrayInputStream(
                        "{\"id\":\"a\",\"name\":\"A\"}\n{\"id\":\"b\"}\n".getBytes(StandardCharsets.UTF_8)), Transfer.Format.JSONL, true));
        assertThat(refused.errors()).extracting(AlmanacException.FieldError::field).containsExactly("row 2");
        Models.ImportReport partial = almanac.transfer().importStream(new ByteArrayInputStream(
                "{\"id\":\"a\",\"name\":\"A\"}\n{\"id\":\"b\"}\n".getBytes(StandardCharsets.UTF_8)), Transfer.Format.JSONL, false);
        assertThat(partial.created()).isEqualTo(1);
        assertThat(partial.errors()).extracting(Models.RowError::row).containsExactly(2L);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        almanac.transfer().export(Transfer.Format.JSONL, null, out);
        assertThat(out.toString(StandardCharsets.UTF_8).strip().split("\n")).hasSize(3);
        Path exported = tmp.resolve("export.csv");
        almanac.transfer().exportTo(exported, Transfer.Format.CSV, null);
        assertThat(Files.readAllLines(exported).get(0)).isEqualTo("id,name,description,status,meta.category");
    }

    @Test
    void followsAJobsEventsUntilItFinishes() {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        almanac.projects().create("followed", "Harbour crane telemetry", "Sensor readings of the harbour cranes: load, "
                + "wind speed and motor temperature every second, kept for a year to plan maintenance.");
        Models.GenerationRequest request = almanac.generation().request("followed", false);
        List<Models.JobEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Models.JobEvent last = almanac.generation().follow(request.jobId(), Duration.ofSeconds(180), seen::add);
        assertThat(last.jobId()).isEqualTo(request.jobId());
        assertThat(last.status()).as(String.valueOf(last.error())).isEqualTo("succeeded");
        assertThat(seen).isNotEmpty().last().isEqualTo(last);
        assertThat(seen).allMatch(e -> e.jobId().equals(request.jobId()) && e.projectId().equals("followed"));
        // a job that has already finished is answered from its state, without waiting for an event
        assertThat(almanac.generation().follow(request.jobId(), Duration.ofSeconds(60), e -> {}).status()).isEqualTo("succeeded");
        assertThatThrownBy(() -> almanac.generation().follow(java.util.UUID.randomUUID().toString(), Duration.ofSeconds(5), e -> {}))
                .isInstanceOf(AlmanacException.NotFound.class);
    }

    @Test
    void stagedFilesArePromotedAndTheirTextRead() {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        almanac.projects().create("staging", "Staging", null);
        Models.StoredFile staged = almanac.files().upload("staging", "notes.txt",
                new ByteArrayInputStream("Crane seven needs a new winch motor.".getBytes(StandardCharsets.UTF_8)),
                dev.almanac.client.Files.Upload.defaults().stagedFor(Duration.ofHours(1)));
        assertThat(staged.isStaged()).isTrue();
        Models.StoredFile promoted = almanac.files().promote("staging", staged.id());
        assertThat(promoted.isStaged()).isFalse();
        assertThat(promoted.expiresAt()).isNull();
        assertThat(almanac.files().get("staging", staged.id()).isStaged()).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(() -> almanac.files().text("staging", staged.id()) != null);
        assertThat(almanac.files().text("staging", staged.id())).contains("winch motor");
        assertThatThrownBy(() -> client(t.reader()).files().promote("staging", staged.id()))
                .isInstanceOf(AlmanacException.Forbidden.class);
    }

    @Test
    void adminsManageKeysAiSettingsAndWebhooks() {
        var t = newTenant();
        AlmanacClient admin = client(t.admin());
        Models.ApiKey created = admin.admin().createKey(t.id(), "ci", "reader");
        assertThat(created.key()).isNotBlank();
        assertThat(created.role()).isEqualTo("reader");
        AlmanacClient ci = AlmanacClient.builder("http://127.0.0.1:" + port, created.key()).maxRetries(0).build();
        assertThat(ci.projects().list().count()).isZero();
        assertThat(admin.admin().listKeys(t.id())).extracting(Models.ApiKey::id).contains(created.id());
        assertThat(admin.admin().listKeys(t.id())).allMatch(k -> k.key() == null);
        admin.admin().revokeKey(t.id(), created.id());
        assertThatThrownBy(() -> ci.projects().list().count()).isInstanceOf(AlmanacException.Unauthorized.class);

        assertThat(admin.admin().aiSettings().get("chain").get(0).asString()).isEqualTo("local");
        JsonNode changed = admin.admin().putAiSettings(Map.of("input_budget_chars", 3000));
        assertThat(changed.get("input_budget_chars").asInt()).isEqualTo(3000);
        assertThat(admin.admin().aiSettings().get("input_budget_chars").asInt()).isEqualTo(3000);

        Models.Webhook hook = admin.admin().createWebhook("http://127.0.0.1:9/hook", List.of("project.*"),
                "whsec-0123456789abcdef");
        assertThat(hook.events()).containsExactly("project.*");
        assertThat(admin.admin().webhooks()).extracting(Models.Webhook::id).containsExactly(hook.id());
        admin.admin().deleteWebhook(hook.id());
        assertThat(admin.admin().webhooks()).isEmpty();
        assertThatThrownBy(() -> client(t.writer()).admin().webhooks()).isInstanceOf(AlmanacException.Forbidden.class);
    }

    @Test
    void filesUploadListDownloadCheckedAndDeleteAndTheOperationsLogShowsThem() throws Exception {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        almanac.projects().create("files", "Files", null);
        Path source = tmp.resolve("stock.csv");
        byte[] bytes = "sku,count\na-1,4\nb-2,7\n".getBytes(StandardCharsets.UTF_8);
        Files.write(source, bytes);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));

        Models.StoredFile fromPath = almanac.files().upload("files", source,
                dev.almanac.client.Files.Upload.defaults().inBucket("raw").withTags(Map.of("origin", "erp")));
        assertThat(fromPath.name()).isEqualTo("stock.csv");
        assertThat(fromPath.bucket()).isEqualTo("raw");
        assertThat(fromPath.checksumSha256()).isEqualTo(sha256);
        assertThat(fromPath.tags().get("origin").asString()).isEqualTo("erp");
        Models.StoredFile staged = almanac.files().upload("files", "notes.txt",
                new ByteArrayInputStream("draft".getBytes(StandardCharsets.UTF_8)),
                dev.almanac.client.Files.Upload.defaults().stagedFor(Duration.ofHours(1)));
        assertThat(staged.isStaged()).isTrue();
        assertThat(staged.expiresAt()).isNotNull();
        for (int i = 0; i < 3; i++) {
            almanac.files().upload("files", "f" + i + ".txt", new ByteArrayInputStream(("n" + i).getBytes(StandardCharsets.UTF_8)), null);
        }

        assertThat(almanac.files().list("files", null).map(Models.StoredFile::id)).hasSize(5) // 2 pages of 3
                .contains(fromPath.id(), staged.id());
        assertThat(almanac.files().list("files", "raw").map(Models.StoredFile::id)).containsExactly(fromPath.id());
        assertThat(almanac.files().get("files", fromPath.id()).sizeBytes()).isEqualTo(bytes.length);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(almanac.files().download("files", fromPath.id(), out)).isEqualTo(sha256);
        assertThat(out.toByteArray()).isEqualTo(bytes);
        Path copy = tmp.resolve("copy.csv");
        almanac.files().download("files", fromPath.id(), copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);

        almanac.files().delete("files", fromPath.id());
        assertThatThrownBy(() -> almanac.files().get("files", fromPath.id())).isInstanceOf(AlmanacException.NotFound.class);
        assertThat(t.reader().get("/api/projects/files/files/" + fromPath.id()).status()).isEqualTo(404);

        List<Models.Operation> log = almanac.operations().list("files").toList();
        assertThat(log).isNotEmpty().allMatch(o -> "files".equals(o.projectId()));
        assertThat(log.getFirst().status()).isEqualTo("success");
        assertThat(log).extracting(Models.Operation::resourceId).contains(fromPath.id());
        assertThat(log.size()).isGreaterThan(3); // more than one page of 3, newest first
        assertThat(log).extracting(Models.Operation::id).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(almanac.operations().list().limit(4).count()).isEqualTo(4);
    }

    @org.springframework.beans.factory.annotation.Value("${almanac.data.dir}")
    Path dataDir;

    @Test
    void aDownloadWhoseBytesAreNotTheFilesIsRefusedAndTheCopyRemoved() throws Exception {
        var t = newTenant();
        AlmanacClient almanac = client(t.writer());
        almanac.projects().create("rot", "Rot", null);
        byte[] bytes = ("checked-" + java.util.UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        Models.StoredFile file = almanac.files().upload("rot", "bits.txt", new ByteArrayInputStream(bytes), null);
        // the stored content rots on disk (same length, other bytes): the service still announces the original SHA-256
        List<Path> stored;
        try (var walk = Files.walk(dataDir.resolve("files"))) {
            stored = walk.filter(Files::isRegularFile).filter(p -> {
                try {
                    return java.util.Arrays.equals(Files.readAllBytes(p), bytes);
                } catch (java.io.IOException e) {
                    return false;
                }
            }).toList();
        }
        assertThat(stored).hasSize(1);
        byte[] rotten = bytes.clone();
        rotten[0] = (byte) 'X';
        Files.write(stored.getFirst(), rotten);

        Path copy = tmp.resolve("bits.txt");
        AlmanacException.ChecksumMismatch mismatch = catchThrowableOfType(AlmanacException.ChecksumMismatch.class,
                () -> almanac.files().download("rot", file.id(), copy));
        assertThat(mismatch.expected()).isEqualTo(file.checksumSha256());
        assertThat(mismatch.actual()).isNotEqualTo(file.checksumSha256()).hasSize(64);
        assertThat(copy).doesNotExist();
        assertThatThrownBy(() -> almanac.files().download("rot", file.id(), new ByteArrayOutputStream()))
                .isInstanceOf(AlmanacException.ChecksumMismatch.class);
    }
}
