package dev.almanac.contract;

import static dev.almanac.testing.Fixtures.aProject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.almanac.cli.AlmanacCli;
import dev.almanac.file.Backups;
import dev.almanac.file.Reconciliation;
import dev.almanac.project.ProjectContentSource;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import dev.almanac.testing.Multipart;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Files over real HTTP on a real database: uploads, downloads, staging, counters, hostile input,
 * tenancy, extraction, reconciliation. Every test checks the disk as well as the API.
 */
// the staging cleanup runs every second (its finest cron); the schedules are polled as often
@TestPropertySource(properties = {"almanac.files.max-upload-size=1MB", "almanac.files.cleanup-interval=300ms",
        "almanac.schedules.poll-interval=1s"})
abstract class FilesContract extends ApiTestBase {
    static final int LIMIT = 1024 * 1024;
    private static final Pattern STORED_NAME = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Value("${almanac.data.dir}")
    Path dataDir;

    @Autowired
    ApplicationContext context;

    @Autowired
    List<ProjectContentSource> contentSources;

    Path store() {
        return dataDir.resolve("files").toAbsolutePath().normalize();
    }

    String files(String project) {
        return "/api/projects/" + project + "/files";
    }

    @Test
    void uploadStoresContentUnderAServerIdAndServesItBackIdentically() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        byte[] content = "Quarterly ledger notes.\nAll balances reconciled.\n".getBytes(StandardCharsets.UTF_8);

        Api.Response created = Multipart.file("notes.txt", content).with("bucket", "docs")
                .with("tags", "{\"owner\":\"finance\"}").postTo(t.writer(), files(project));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode f = created.json();
        String id = f.get("id").asString();
        assertThat(created.header("Location")).isEqualTo(files(project) + "/" + id);
        assertThat(f.get("project_id").asString()).isEqualTo(project);
        assertThat(f.get("bucket").asString()).isEqualTo("docs");
        assertThat(f.get("name").asString()).isEqualTo("notes.txt");
        assertThat(f.get("size_bytes").asLong()).isEqualTo(content.length);
        assertThat(f.get("content_type").asString()).isEqualTo("text/plain");
        assertThat(f.get("checksum_md5").asString()).isEqualTo(hex("MD5", content));
        assertThat(f.get("checksum_sha256").asString()).isEqualTo(hex("SHA-256", content));
        assertThat(f.get("is_staged").asBoolean()).isFalse();
        assertThat(f.get("expires_at").isNull()).isTrue();
        assertThat(f.get("tags").get("owner").asString()).isEqualTo("finance");
        assertThat(f.get("created_at").asString()).isNotEmpty();

        Path onDisk = store().resolve(id.substring(0, 2)).resolve(id);
        assertThat(onDisk).exists().hasBinaryContent(content);

        HttpResponse<byte[]> download = t.reader().getBytes(files(project) + "/" + id + "/content");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
        assertThat(download.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(download.headers().firstValue("Content-Length").orElseThrow()).isEqualTo(Integer.toString(content.length));
        assertThat(download.headers().firstValue("ETag").orElseThrow()).isEqualTo("\"" + hex("SHA-256", content) + "\"");
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("notes.txt");
        assertThat(download.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
        HttpResponse<byte[]> unchanged = t.reader().header("If-None-Match", "\"" + hex("SHA-256", content) + "\"")
                .getBytes(files(project) + "/" + id + "/content");
        assertThat(unchanged.statusCode()).isEqualTo(304);

        assertThat(t.reader().get(files(project) + "/" + id).json().get("checksum_sha256").asString()).isEqualTo(hex("SHA-256", content));
        JsonNode p = t.reader().get("/api/projects/" + project).json();
        assertThat(p.get("file_count").asInt()).isEqualTo(1);
        assertThat(p.get("size_bytes").asLong()).isEqualTo(content.length);
        assertThat(p.get("bucket_count").asInt()).isEqualTo(1);
        assertThat(t.reader().get("/api/operations?project_id=" + project + "&operation=upload_file").json().get("items")).hasSize(1);
    }

    @Test
    void contentTypeComesFromTheBytesNotTheName() {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        byte[] png = HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001"
                + "0d0a2db40000000049454e44ae426082");
        JsonNode f = Multipart.file("report.pdf", png).postTo(t.writer(), files(project)).json();
        assertThat(f.get("content_type").asString()).isEqualTo("image/png");
    }

    @Test
    void hostileNamesAreMetadataOnlyAndNothingLandsOutsideTheStore() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        List<String> hostile = List.of("../../etc/passwd", "..%2f..%2fescape.txt", "..\\..\\windows\\win.ini", "/etc/shadow",
                "C:\\Windows\\System32\\evil.dll", "nul\u0000byte.txt", "invoice\u202Egpj.exe", "x".repeat(300), "", "..", "a/../../b");
        byte[] content = "hostile".getBytes(StandardCharsets.UTF_8);
        for (String name : hostile) {
            Api.Response r = Multipart.file(name, content).postTo(t.writer(), files(project));
            assertThat(r.status()).as("upload named %s: %s", name, r.body()).isEqualTo(201);
            String stored = r.json().get("name").asString();
            assertThat(stored).as("stored name of %s", name).doesNotContain("/", "\\", "\u0000", "\u202E").isNotEmpty().isNotEqualTo("..");
            assertThat(stored.length()).isLessThanOrEqualTo(255);
            String id = r.json().get("id").asString();
            HttpResponse<byte[]> download = t.reader().getBytes(files(project) + "/" + id + "/content");
            assertThat(download.body()).isEqualTo(content);
            String disposition = download.headers().firstValue("Content-Disposition").orElseThrow();
            assertThat(disposition).doesNotContain("\r", "\n", "\u0000", "/", "\\", "\u202E").doesNotContain("filename=\"..\"");
        }
        assertThat(contentFiles()).allMatch(p -> STORED_NAME.matcher(p).matches());
        // the content landed in the store under server ids and nowhere else in the data directory
        // (not inside PostgreSQL's or Lucene's own files: those change under a walk, and hold no raw content)
        List<Path> copies = new ArrayList<>();
        try (Stream<Path> top = Files.list(dataDir.toAbsolutePath())) {
            for (Path entry : top.filter(p -> !p.getFileName().toString().equals("pg") && !p.getFileName().toString().equals("index")).toList()) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    copies.addAll(walk.filter(Files::isRegularFile).filter(p -> sameContent(p, content)).toList());
                }
            }
        }
        assertThat(copies).hasSize(hostile.size()).allMatch(p -> p.startsWith(store())
                && STORED_NAME.matcher(store().relativize(p).toString()).matches());
    }

    private static boolean sameContent(Path p, byte[] content) {
        try {
            return Files.size(p) == content.length && java.util.Arrays.equals(Files.readAllBytes(p), content);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void oneByteOverTheLimitIs413AndLeavesNothingOnDisk() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        List<String> before = allStoreFiles();

        Api.Response tooLarge = Multipart.file("big.bin", new byte[LIMIT + 1]).postTo(t.writer(), files(project));
        assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(allStoreFiles()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(t.reader().get("/api/projects/" + project).json().get("file_count").asInt()).isZero();

        Api.Response atLimit = Multipart.file("exact.bin", new byte[LIMIT]).postTo(t.writer(), files(project));
        assertThat(atLimit.status()).as(atLimit.body()).isEqualTo(201);
    }

    @Test
    void emptyFileAndMissingFileAre400() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        List<String> before = allStoreFiles();
        Api.Response empty = Multipart.file("empty.txt", new byte[0]).postTo(t.writer(), files(project));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
        Api.Response none = new Multipart().with("bucket", "x").postTo(t.writer(), files(project));
        assertThat(none.status()).isEqualTo(400);
        Api.Response badBucket = Multipart.file("a.txt", "a".getBytes()).with("bucket", "../up").postTo(t.writer(), files(project));
        assertThat(badBucket.status()).isEqualTo(400);
        Api.Response badTags = Multipart.file("a.txt", "a".getBytes()).with("tags", "[1,2").postTo(t.writer(), files(project));
        assertThat(badTags.status()).isEqualTo(400);
        Api.Response json = t.writer().post(files(project), "{}");
        assertThat(json.status()).isEqualTo(415);
        assertThat(allStoreFiles()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(t.reader().get("/api/projects/" + project).json().get("file_count").asInt()).isZero();
    }

    @Test
    void anInterruptedUploadLeavesNothingBehind() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        List<String> before = allStoreFiles();
        String token = writerToken(t);
        String boundary = "interrupted";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + files(project) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: 900000\r\n\r\n"
                    + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(new byte[300_000]);
            out.flush();
            // the temp file exists while the upload is in flight ...
            await().atMost(Duration.ofSeconds(30)).until(() -> allStoreFiles().size() > before.size());
        } // ... and the connection drops half-way
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(allStoreFiles()).containsExactlyInAnyOrderElementsOf(before));
        assertThat(t.reader().get(files(project)).json().get("items")).isEmpty();
    }

    @Test
    void anotherTenantsFileIsNotFoundOnEveryEndpoint() {
        TenantKeys owner = newTenant();
        TenantKeys other = newTenant();
        String project = aProject().createdBy(owner.writer());
        String id = Multipart.file("secret.txt", "secret".getBytes()).with("staged", "true").postTo(owner.writer(), files(project))
                .json().get("id").asString();
        String file = files(project) + "/" + id;

        assertThat(other.admin().get(files(project)).status()).isEqualTo(404);
        assertThat(other.admin().get(file).status()).isEqualTo(404);
        assertThat(other.admin().getBytes(file + "/content").statusCode()).isEqualTo(404);
        assertThat(other.admin().get(file + "/text").status()).isEqualTo(404);
        assertThat(other.admin().post(file + "/promote", "").status()).isEqualTo(404);
        assertThat(other.admin().delete(file).status()).isEqualTo(404);
        assertThat(Multipart.file("x.txt", "x".getBytes()).postTo(other.admin(), files(project)).status()).isEqualTo(404);
        // the same file id under the other tenant's own project of the same name
        aProject().withId(project).createdBy(other.writer());
        assertThat(other.admin().get(file).status()).isEqualTo(404);
        assertThat(other.admin().getBytes(file + "/content").statusCode()).isEqualTo(404);
        assertThat(other.admin().post(file + "/promote", "").status()).isEqualTo(404);
        assertThat(other.admin().delete(file).status()).isEqualTo(404);
        // and nothing happened to it
        assertThat(owner.reader().getBytes(file + "/content").body()).isEqualTo("secret".getBytes());
        assertThat(owner.reader().get(file).json().get("is_staged").asBoolean()).isTrue();
    }

    @Test
    void readersCannotWrite() {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        assertThat(Multipart.file("a.txt", "a".getBytes()).postTo(t.reader(), files(project)).status()).isEqualTo(403);
    }

    @Test
    void stagedFilesExpireAndAreCleanedUpWhilePromotedOnesStay() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        JsonNode expiring = Multipart.file("tmp.csv", "a,b\n1,2\n".getBytes()).with("staged", "true").with("expires_in", "1")
                .postTo(t.writer(), files(project)).json();
        JsonNode kept = Multipart.file("keep.txt", "keep".getBytes()).with("staged", "true").with("expires_in", "2")
                .postTo(t.writer(), files(project)).json();
        assertThat(expiring.get("is_staged").asBoolean()).isTrue();
        assertThat(Instant.parse(expiring.get("expires_at").asString())).isAfter(Instant.now().minusSeconds(5));
        assertThat(t.reader().get("/api/projects/" + project).json().get("file_count").asInt()).isEqualTo(2);

        JsonNode promoted = t.writer().post(files(project) + "/" + kept.get("id").asString() + "/promote", "").json();
        assertThat(promoted.get("is_staged").asBoolean()).isFalse();
        assertThat(promoted.get("expires_at").isNull()).isTrue();

        String id = expiring.get("id").asString();
        Path content = store().resolve(id.substring(0, 2)).resolve(id);
        assertThat(t.reader().get(files(project) + "/" + id).status()).as("not expired yet").isEqualTo(200);
        clock.advance(Duration.ofSeconds(2)); // past the first file's expiry
        assertThat(t.reader().getBytes(files(project) + "/" + id + "/content").statusCode()).isEqualTo(404);
        assertThat(t.reader().get(files(project) + "/" + id).status()).isEqualTo(404);
        assertThat(t.writer().post(files(project) + "/" + id + "/promote", "").status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(content).doesNotExist();
            JsonNode p = t.reader().get("/api/projects/" + project).json();
            assertThat(p.get("file_count").asInt()).isEqualTo(1);
            assertThat(p.get("table_count").asInt()).isZero();
            assertThat(p.get("size_bytes").asLong()).isEqualTo(4);
        });
        clock.advance(Duration.ofSeconds(3)); // past the promoted file's original expiry
        assertThat(t.reader().getBytes(files(project) + "/" + kept.get("id").asString() + "/content").body()).isEqualTo("keep".getBytes());
        assertThat(t.reader().get("/api/operations?project_id=" + project + "&operation=expire_file").json().get("items")).hasSize(1);
    }

    @Test
    void invalidStagingFieldsAre400() {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        assertThat(Multipart.file("a.txt", "a".getBytes()).with("expires_in", "soon").postTo(t.writer(), files(project)).status()).isEqualTo(400);
        assertThat(Multipart.file("a.txt", "a".getBytes()).with("staged", "false").with("expires_in", "60").postTo(t.writer(), files(project)).status()).isEqualTo(400);
        assertThat(Multipart.file("a.txt", "a".getBytes()).with("staged", "maybe").postTo(t.writer(), files(project)).status()).isEqualTo(400);
    }

    @Test
    void deletingAFileOrTheProjectRemovesContentAndKeepsCountersExact() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        String a = upload(t, project, "a.txt", "alpha", "one");
        String b = upload(t, project, "b.csv", "x,y\n1,2\n3,4\n", "two");
        String c = upload(t, project, "c.txt", "gamma!", "two");
        assertCounters(t, project, 3, 5 + 12 + 6, 1, 2);

        assertThat(t.writer().delete(files(project) + "/" + b).status()).isEqualTo(204);
        assertThat(contentOf(b)).doesNotExist();
        assertCounters(t, project, 2, 5 + 6, 0, 2);
        assertThat(t.writer().delete(files(project) + "/" + b).status()).isEqualTo(404);
        assertThat(t.writer().delete(files(project) + "/" + a).status()).isEqualTo(204);
        assertCounters(t, project, 1, 6, 0, 1);

        assertThat(t.writer().delete("/api/projects/" + project).status()).isEqualTo(204);
        assertThat(contentOf(c)).doesNotExist();
        assertCounters(t, project, 0, 0, 0, 0);
        assertThat(Multipart.file("late.txt", "x".getBytes()).postTo(t.writer(), files(project)).status()).isEqualTo(409);
    }

    @Test
    void aLockedProjectRefusesUploadsBeforeReadingThem() {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        t.writer().patch("/api/projects/" + project, "{\"status\":\"locked\"}");
        Api.Response r = Multipart.file("a.txt", "a".getBytes()).postTo(t.writer(), files(project));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("type").asString()).endsWith("project-locked");
    }

    @Test
    void concurrentUploadsKeepCountersExact() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            Callable<Integer> upload = () -> Multipart.file("f" + n + ".txt", ("content " + n).getBytes())
                    .with("bucket", "b" + (n % 3)).postTo(t.writer(), files(project)).status();
            results.add(pool.submit(upload));
        }
        long size = 0;
        for (int i = 0; i < 12; i++) {
            assertThat(results.get(i).get()).isEqualTo(201);
            size += ("content " + i).length();
        }
        pool.shutdown();
        assertCounters(t, project, 12, size, 0, 3);
        JsonNode page = t.reader().get(files(project) + "?limit=5").json();
        assertThat(page.get("items")).hasSize(5);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode p = t.reader().get(files(project) + "?limit=5" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            p.get("items").forEach(f -> seen.add(f.get("id").asString()));
            cursor = p.get("next_cursor").isNull() ? null : p.get("next_cursor").asString();
        } while (cursor != null);
        assertThat(seen).hasSize(12).doesNotHaveDuplicates().isSorted();
        assertThat(t.reader().get(files(project) + "?bucket=b1").json().get("items")).hasSize(4);
    }

    @Test
    void tablesAreProfiledAndTextIsExtractedForGenerationAndSearch() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        String csv = "id,amount,booked_on,paid,customer\n1,10.5,2024-01-02,true,Acme\n2,7,2024-02-03,false,Globex\n3,,2024-03-04,true,Initech\n";
        JsonNode table = Multipart.file("payments.csv", csv.getBytes()).postTo(t.writer(), files(project)).json();
        JsonNode profile = table.get("table");
        assertThat(profile.get("row_count").asLong()).isEqualTo(3);
        assertThat(profile.get("format").asString()).isEqualTo("csv");
        List<String> types = new ArrayList<>();
        profile.get("columns").forEach(c -> types.add(c.get("name").asString() + ":" + c.get("type").asString()));
        assertThat(types).containsExactly("id:integer", "amount:number", "booked_on:date", "paid:boolean", "customer:string");
        assertThat(profile.get("columns").get(4).get("samples").get(0).asString()).isEqualTo("Acme");

        String jsonl = "{\"sku\":\"A-1\",\"qty\":3}\n{\"sku\":\"B-2\",\"qty\":5,\"note\":\"rush\"}\n";
        JsonNode lines = Multipart.file("orders.jsonl", jsonl.getBytes()).postTo(t.writer(), files(project)).json();
        assertThat(lines.get("table").get("row_count").asLong()).isEqualTo(2);
        JsonNode tsv = Multipart.file("rates.tsv", "code\trate\nEUR\t1.1\n".getBytes()).postTo(t.writer(), files(project)).json();
        assertThat(tsv.get("table").get("columns").get(1).get("type").asString()).isEqualTo("number");

        String html = "<html><head><title>T</title><script>var x=1;</script></head><body><h1>Warehouse handbook</h1>"
                + "<p>Pallets are counted every Monday.</p></body></html>";
        JsonNode page = Multipart.file("handbook.html", html.getBytes()).postTo(t.writer(), files(project)).json();
        assertThat(page.get("content_type").asString()).isEqualTo("text/html");
        String text = t.reader().get(files(project) + "/" + page.get("id").asString() + "/text").body();
        assertThat(text).contains("Warehouse handbook", "Pallets are counted every Monday.").doesNotContain("<p>", "var x");

        JsonNode md = Multipart.file("README.md", "# Setup\n\nRun the *nightly* import.\n".getBytes()).postTo(t.writer(), files(project)).json();
        assertThat(t.reader().get(files(project) + "/" + md.get("id").asString() + "/text").body()).contains("Run the *nightly* import.");

        byte[] pdf = Documents.pdf("Freight invoices for the northern region.");
        JsonNode pdfFile = Multipart.file("invoices.pdf", pdf).postTo(t.writer(), files(project)).json();
        assertThat(pdfFile.get("content_type").asString()).isEqualTo("application/pdf");
        assertThat(t.reader().get(files(project) + "/" + pdfFile.get("id").asString() + "/text").body()).contains("Freight invoices");

        byte[] docx = Documents.docx("Supplier contracts renewed in March.");
        JsonNode docxFile = Multipart.file("contracts.docx", docx).postTo(t.writer(), files(project)).json();
        assertThat(docxFile.get("content_type").asString()).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(t.reader().get(files(project) + "/" + docxFile.get("id").asString() + "/text").body()).contains("Supplier contracts renewed");

        assertThat(t.reader().get("/api/projects/" + project).json().get("table_count").asInt()).isEqualTo(3);
        String forGeneration = String.join("", contentSources.stream().map(s -> s.contentOf(t.id(), project, 10_000)).toList());
        assertThat(forGeneration).contains("Table file payments.csv: 3 rows; columns: id (integer", "customer (string, e.g. Acme",
                "Warehouse handbook", "Freight invoices", "Supplier contracts");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                t.reader().get("/api/search?q=pallets%20counted%20monday&mode=keyword").json().get("items").toString()).contains(project));
    }

    @Test
    void reconciliationFindsOrphansAndRepairsOnlyThoseOlderThanTheGrace() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        String kept = upload(t, project, "kept.txt", "referenced content", "default");
        String orphanId = "ff" + java.util.UUID.randomUUID().toString().substring(2);
        Path orphan = store().resolve("ff").resolve(orphanId);
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "left by a crash");
        Path young = store().resolve("ee").resolve("ee" + java.util.UUID.randomUUID().toString().substring(2));
        Files.createDirectories(young.getParent());
        Files.writeString(young, "an upload still in flight");
        Path temp = store().resolve(".tmp").resolve("crashed.part");
        Files.writeString(temp, "half");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(orphan, old);
        Files.setLastModifiedTime(temp, old);

        JsonNode report = system.get("/api/admin/files/reconcile").json();
        assertThat(report.get("orphaned").toString()).contains(store().relativize(orphan).toString()).doesNotContain(young.getFileName().toString());
        assertThat(report.get("missing_count").asLong()).isZero();
        assertThat(orphan).exists();
        assertThat(t.admin().get("/api/admin/files/reconcile").status()).isEqualTo(403);

        StringWriter out = new StringWriter();
        CommandLine cli = AlmanacCli.commandLine(context);
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("files", "reconcile", "--repair");
        assertThat(exit).as("exit code").isIn(0, 1);
        assertThat(orphan).doesNotExist();
        assertThat(temp).doesNotExist();
        assertThat(young).exists();
        assertThat(contentOf(kept)).exists();
        assertThat(t.reader().getBytes(files(project) + "/" + kept + "/content").body()).isEqualTo("referenced content".getBytes());

        Files.delete(young);
        // a row whose content vanished is reported, never "repaired" away
        Path aside = Files.createTempDirectory("almanac-aside-").resolve("moved-away");
        Files.move(contentOf(kept), aside);
        JsonNode broken = system.post("/api/admin/files/reconcile?grace_seconds=0", "").json();
        assertThat(broken.get("missing").toString()).contains(kept);
        assertThat(t.reader().get(files(project) + "/" + kept).status()).isEqualTo(200);
        Files.move(aside, contentOf(kept));
    }

    /**
     * The backup of this backend restored into a brand-new installation on the same kind of backend
     * (a fresh data directory, or a fresh schema of the external server): same rows, same bytes.
     */
    @Test
    void backupRestoresIntoAFreshInstallationWithIdenticalContent() throws Exception {
        TenantKeys t = newTenant();
        String project = aProject().createdBy(t.writer());
        java.util.Map<String, String> sha256ById = new java.util.LinkedHashMap<>();
        for (String name : List.of("a.txt", "b.csv", "c.bin")) {
            byte[] content = (name + " " + "z".repeat(name.length() * 1000)).getBytes(StandardCharsets.UTF_8);
            JsonNode f = Multipart.file(name, content).postTo(t.writer(), files(project)).json();
            sha256ById.put(f.get("id").asString(), f.get("checksum_sha256").asString());
        }
        JsonNode before = t.reader().get("/api/projects/" + project).json();
        Path archive = Files.createTempDirectory("almanac-backup-test-").resolve("backup.tar");
        Backups.Summary written = context.getBean(Backups.class).backup(archive);
        assertThat(written.files()).isGreaterThanOrEqualTo(sha256ById.size());

        boolean external = context.getEnvironment().getProperty("almanac.database.url") != null;
        try (var fresh = new org.springframework.boot.builder.SpringApplicationBuilder(dev.almanac.AlmanacApplication.class)
                .web(org.springframework.boot.WebApplicationType.NONE)
                .initializers(external ? new dev.almanac.testing.TestBackends.External() : new dev.almanac.testing.TestBackends.Embedded())
                .properties("almanac.background.enabled=false")
                .run()) {
            Backups.Summary restored = fresh.getBean(Backups.class).restore(archive);
            assertThat(restored.rows()).isEqualTo(written.rows());
            assertThat(restored.files()).isEqualTo(written.files());
            Path freshStore = Path.of(fresh.getEnvironment().getProperty("almanac.data.dir")).resolve("files");
            for (var e : sha256ById.entrySet()) {
                Path content = freshStore.resolve(e.getKey().substring(0, 2)).resolve(e.getKey());
                assertThat(hex("SHA-256", Files.readAllBytes(content))).as("restored content of %s", e.getKey()).isEqualTo(e.getValue());
            }
            var after = fresh.getBean(dev.almanac.project.Projects.class).require(t.id(), project);
            assertThat(after.sizeBytes()).isEqualTo(before.get("size_bytes").asLong());
            assertThat(after.fileCount()).isEqualTo(before.get("file_count").asInt());
            assertThat(after.tableCount()).isEqualTo(before.get("table_count").asInt());
            Reconciliation.Report report = fresh.getBean(Reconciliation.class).run(true, false, Duration.ZERO);
            assertThat(report.consistent()).as(report.toString()).isTrue();
            assertThatThrownBy(() -> fresh.getBean(Backups.class).restore(archive))
                    .isInstanceOf(Backups.BackupException.class).hasMessageContaining("already holds");
        }
    }

    private String upload(TenantKeys t, String project, String name, String content, String bucket) {
        Api.Response r = Multipart.file(name, content.getBytes(StandardCharsets.UTF_8)).with("bucket", bucket).postTo(t.writer(), files(project));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private void assertCounters(TenantKeys t, String project, int files, long size, int tables, int buckets) {
        JsonNode p = t.reader().get("/api/projects/" + project).json();
        assertThat(p.get("file_count").asInt()).as("file_count").isEqualTo(files);
        assertThat(p.get("size_bytes").asLong()).as("size_bytes").isEqualTo(size);
        assertThat(p.get("table_count").asInt()).as("table_count").isEqualTo(tables);
        assertThat(p.get("bucket_count").asInt()).as("bucket_count").isEqualTo(buckets);
    }

    private Path contentOf(String id) {
        return store().resolve(id.substring(0, 2)).resolve(id);
    }

    /** Content files (not temp files), relative to the store, as "xx/id". */
    private List<String> contentFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(store())) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(store().resolve(".tmp")))
                    .map(p -> store().relativize(p).toString()).toList();
        }
    }

    private List<String> allStoreFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(store())) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).map(p -> store().relativize(p).toString()).toList());
        }
    }

    private String writerToken(TenantKeys t) {
        Api.Response r = system.post("/api/admin/tenants/" + t.id() + "/keys", "{\"name\":\"raw\",\"role\":\"writer\"}");
        return r.json().get("key").asString();
    }

    static String hex(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }
}
