package dev.almanac.client;

import dev.almanac.client.Models.ImportReport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Bulk import and export ({@code POST /api/projects/import}, {@code GET /api/projects/export}),
 * streamed both ways. Never retried: a re-run of the same file is harmless (unchanged rows write
 * nothing) but is the caller's decision.
 */
public final class Transfer {
    private final Http http;
    private final Duration timeout;

    Transfer(Http http, Duration timeout) {
        this.http = http;
        this.timeout = timeout.compareTo(Duration.ofMinutes(10)) > 0 ? timeout : Duration.ofMinutes(10);
    }

    public enum Format {
        CSV("csv", "text/csv"), JSONL("jsonl", "application/x-ndjson");

        final String parameter;
        final String mediaType;

        Format(String parameter, String mediaType) {
            this.parameter = parameter;
            this.mediaType = mediaType;
        }
    }

    /**
     * Imports a file ({@code .jsonl} / {@code .ndjson} as JSON lines, anything else as CSV). {@code atomic}:
     * all rows or none — a bad row makes it a {@link AlmanacException.BadRequest} whose
     * {@link AlmanacException#errors()} name the rows ({@code "row 12"}); otherwise good rows are kept
     * and the report lists the bad ones.
     */
    public ImportReport importFile(Path file, boolean atomic) {
        String name = file.getFileName().toString().toLowerCase();
        Format format = name.endsWith(".jsonl") || name.endsWith(".ndjson") ? Format.JSONL : Format.CSV;
        try {
            return importFrom(HttpRequest.BodyPublishers.ofFile(file), format, atomic);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports what {@code in} holds, streamed (read once; the caller closes it). */
    public ImportReport importStream(InputStream in, Format format, boolean atomic) {
        return importFrom(HttpRequest.BodyPublishers.ofInputStream(() -> in), format, atomic);
    }

    private ImportReport importFrom(HttpRequest.BodyPublisher body, Format format, boolean atomic) {
        return http.call("POST", "/api/projects/import").query("mode", atomic ? "atomic" : "best_effort")
                .body(format.mediaType, body).timeout(timeout).as(ImportReport.class);
    }

    /** Writes the projects the list would give for {@code status} (null: active and locked) to {@code out}. */
    public void export(Format format, String status, OutputStream out) {
        HttpResponse<InputStream> response = http.call("GET", "/api/projects/export").query("format", format.parameter)
                .query("status", status).timeout(timeout).stream();
        try (InputStream in = response.body()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void exportTo(Path file, Format format, String status) {
        try (OutputStream out = Files.newOutputStream(file)) {
            export(format, status, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
