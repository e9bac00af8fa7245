package dev.almanac.client;

import dev.almanac.client.Models.StoredFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A project's files ({@code /api/projects/{id}/files}): uploads streamed as multipart, downloads
 * checked against the SHA-256 the service announces. Uploads are never retried (a POST).
 */
public final class Files {
    private final Http http;
    private final Duration timeout;

    Files(Http http, Duration timeout) {
        this.http = http;
        this.timeout = timeout.compareTo(Duration.ofMinutes(10)) > 0 ? timeout : Duration.ofMinutes(10);
    }

    /**
     * How to store an upload: {@code bucket} (null: {@code default}), {@code staged} (temporary until
     * promoted), {@code expiresIn} (implies staged), {@code tags} (any JSON-able map).
     */
    public record Upload(String bucket, boolean staged, Duration expiresIn, Map<String, ?> tags) {
        public static Upload defaults() {
            return new Upload(null, false, null, null);
        }

        public Upload inBucket(String value) {
            return new Upload(value, staged, expiresIn, tags);
        }

        public Upload stagedFor(Duration value) {
            return new Upload(bucket, true, value, tags);
        }

        public Upload withTags(Map<String, ?> value) {
            return new Upload(bucket, staged, expiresIn, value);
        }
    }

    /** Uploads a file from disk, streamed; its name is the file's name. */
    public StoredFile upload(String projectId, Path file, Upload options) {
        try {
            return upload(projectId, file.getFileName().toString(), HttpRequest.BodyPublishers.ofFile(file), options);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads what {@code in} holds, streamed (read once; the caller closes it). */
    public StoredFile upload(String projectId, String name, InputStream in, Upload options) {
        return upload(projectId, name, HttpRequest.BodyPublishers.ofInputStream(() -> in), options);
    }

    private StoredFile upload(String projectId, String name, HttpRequest.BodyPublisher content, Upload options) {
        Upload o = options == null ? Upload.defaults() : options;
        String boundary = "almanac-" + UUID.randomUUID();
        StringBuilder fields = new StringBuilder();
        if (o.bucket() != null) field(fields, boundary, "bucket", o.bucket());
        if (o.staged()) field(fields, boundary, "staged", "true");
        if (o.expiresIn() != null) field(fields, boundary, "expires_in", Long.toString(o.expiresIn().toSeconds()));
        if (o.tags() != null) field(fields, boundary, "tags", Http.JSON.writeValueAsString(o.tags()));
        fields.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(name.replace("\"", "%22").replace("\r", "").replace("\n", ""))
                .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        parts.add(HttpRequest.BodyPublishers.ofString(fields.toString(), StandardCharsets.UTF_8));
        parts.add(content);
        parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return http.call("POST", "/api/projects/" + Http.segment(projectId) + "/files")
                .body("multipart/form-data; boundary=" + boundary,
                        HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)))
                .timeout(timeout).as(StoredFile.class);
    }

    private static void field(StringBuilder out, String boundary, String name, String value) {
        out.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\n\r\n").append(value).append("\r\n");
    }

    /** The project's files by id, all pages lazily; {@code bucket} null for every bucket. */
    public Stream<StoredFile> list(String projectId, String bucket) {
        return Paging.stream(cursor -> http.call("GET", "/api/projects/" + Http.segment(projectId) + "/files")
                .query("bucket", bucket).query("limit", http.pageSize()).query("cursor", cursor).page(StoredFile.class));
    }

    public StoredFile get(String projectId, String fileId) {
        return http.call("GET", path(projectId, fileId)).as(StoredFile.class);
    }

    /**
     * Writes the file's bytes to {@code out} and checks their SHA-256 against the one the service sent
     * ({@code X-Checksum-SHA256}, else the {@code ETag}); returns it.
     *
     * @throws AlmanacException.ChecksumMismatch when they differ (what was written is not the file)
     */
    public String download(String projectId, String fileId, OutputStream out) {
        HttpResponse<InputStream> response = http.call("GET", path(projectId, fileId) + "/content").timeout(timeout).stream();
        String expected = response.headers().firstValue("X-Checksum-SHA256")
                .or(() -> response.headers().firstValue("ETag").map(e -> e.replace("W/", "").replace("\"", "")))
                .orElse(null);
        MessageDigest digest = sha256();
        try (InputStream in = response.body()) {
            in.transferTo(new DigestOutputStream(out, digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expected == null || !expected.equalsIgnoreCase(actual)) {
            throw new AlmanacException.ChecksumMismatch("file " + fileId, expected, actual);
        }
        return actual;
    }

    /** Downloads to {@code target}; a copy that fails the checksum is deleted before the exception. */
    public String download(String projectId, String fileId, Path target) {
        try (OutputStream out = java.nio.file.Files.newOutputStream(target)) {
            return download(projectId, fileId, out);
        } catch (AlmanacException e) {
            try {
                java.nio.file.Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the exception says the copy is bad; a leftover file is the lesser problem
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a staged file permanent (it no longer expires). Writer. */
    public StoredFile promote(String projectId, String fileId) {
        return http.call("POST", path(projectId, fileId) + "/promote").as(StoredFile.class);
    }

    /** The text extracted from the file (for search and generation), or null when it has none. */
    public String text(String projectId, String fileId) {
        HttpResponse<byte[]> response = http.call("GET", path(projectId, fileId) + "/text").send();
        return response.statusCode() == 204 ? null : new String(response.body(), StandardCharsets.UTF_8);
    }

    public void delete(String projectId, String fileId) {
        http.call("DELETE", path(projectId, fileId)).send();
    }

    private static String path(String projectId, String fileId) {
        return "/api/projects/" + Http.segment(projectId) + "/files/" + Http.segment(fileId);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
