package dev.almanac.transfer;

import dev.almanac.web.ApiException;
import dev.almanac.web.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an import file one row at a time (nothing but the current row is held). A file that is
 * broken past some row (a CSV quote never closed, bytes that are not UTF-8) ends with one unreadable
 * row saying where, so rows before it still count in a best-effort import.
 */
abstract class ImportRows implements Iterator<ImportRow> {
    static final String META_PREFIX = "meta.";
    static final int MAX_ROWS = 1_000_000;

    private ImportRow next;
    private boolean done;
    private long rows;

    /** The next row, or null at the end. */
    abstract ImportRow read() throws IOException;

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = read();
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                next = ImportRow.unreadable(rows + 1, "the file cannot be read from here on: " + e.getMessage());
                done = true;
            }
            if (next == null) {
                done = true;
            } else if (++rows > MAX_ROWS) {
                throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "An import holds at most " + MAX_ROWS + " rows; split the file");
            }
        }
        return next != null;
    }

    @Override
    public ImportRow next() {
        if (!hasNext()) throw new NoSuchElementException();
        ImportRow row = next;
        next = null;
        return row;
    }

    static ImportRows of(String contentType, InputStream body, JsonMapper json) {
        String type = contentType == null ? "" : contentType.toLowerCase().split(";")[0].strip();
        return switch (type) {
            case "text/csv" -> new Csv(body, json);
            case "application/x-ndjson", "application/jsonl", "application/jsonlines" -> new JsonLines(body, json);
            default -> throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Import text/csv or application/x-ndjson (JSON lines), not '" + contentType + "'");
        };
    }

    /** Columns {@code id, name, description, status, meta.<key>}; a header row first; an empty cell leaves the value alone. */
    static final class Csv extends ImportRows {
        private final JsonMapper json;
        private final Iterator<CSVRecord> records;
        private final List<String> header;

        Csv(InputStream body, JsonMapper json) {
            this.json = json;
            try {
                CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()));
                this.header = parser.getHeaderNames();
                this.records = parser.iterator();
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                throw ApiException.badRequest("The CSV header cannot be read: " + e.getMessage());
            }
            if (!header.contains("name") && !header.contains("id")) {
                throw ApiException.badRequest("A CSV import needs a 'name' or an 'id' column (columns: id, name, description, status, meta.<key>)");
            }
            for (String column : header) {
                boolean known = List.of("id", "name", "description", "status").contains(column)
                        || column.startsWith(META_PREFIX) && column.length() > META_PREFIX.length();
                if (!known) {
                    throw ApiException.invalidField(column, "unknown column (columns: id, name, description, status, meta.<key>)");
                }
            }
        }

        @Override
        ImportRow read() {
            if (!records.hasNext()) return null;
            CSVRecord record = records.next();
            long number = record.getRecordNumber();
            if (record.size() != header.size()) {
                return ImportRow.unreadable(number, "has " + record.size() + " cells, the header " + header.size());
            }
            Map<String, JsonNode> meta = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String column = header.get(i);
                String cell = record.get(i);
                if (!column.startsWith(META_PREFIX) || cell.isEmpty()) continue;
                try {
                    meta.put(column.substring(META_PREFIX.length()), json.readTree(cell));
                } catch (JacksonException e) {
                    return ImportRow.unreadable(number, column + ": not a JSON value (a string needs quotes: \"\"\"eu\"\"\" in CSV)");
                }
            }
            return new ImportRow(number, cell(record, "id"), cell(record, "name"), cell(record, "description"), false,
                    cell(record, "status"), meta, null);
        }

        private String cell(CSVRecord record, String column) {
            if (!header.contains(column)) return null;
            String value = record.get(column);
            return value.isEmpty() ? null : value;
        }
    }

    /** One JSON object per line: {@code {id?, name?, description?, status?, meta?: {key: value}}}; blank lines are skipped. */
    static final class JsonLines extends ImportRows {
        private static final List<String> FIELDS = List.of("id", "name", "description", "status", "meta");
        private final JsonMapper json;
        private final BufferedReader lines;
        private long lineNumber;

        JsonLines(InputStream body, JsonMapper json) {
            this.json = json;
            this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()));
        }

        @Override
        ImportRow read() throws IOException {
            String line;
            do {
                line = lines.readLine();
                lineNumber++;
                if (line == null) return null;
            } while (line.isBlank());
            JsonNode node;
            try {
                node = json.readTree(line);
            } catch (JacksonException e) {
                return ImportRow.unreadable(lineNumber, "not a JSON object: " + e.getOriginalMessage());
            }
            if (!node.isObject()) return ImportRow.unreadable(lineNumber, "not a JSON object");
            for (String field : node.propertyNames()) {
                if (!FIELDS.contains(field)) return ImportRow.unreadable(lineNumber, field + ": unknown field (fields: " + FIELDS + ")");
            }
            for (String field : List.of("id", "name", "status")) {
                if (node.has(field) && !node.get(field).isString()) return ImportRow.unreadable(lineNumber, field + ": must be a string");
            }
            JsonNode description = node.get("description");
            if (description != null && !description.isNull() && !description.isString()) {
                return ImportRow.unreadable(lineNumber, "description: must be a string or null");
            }
            Map<String, JsonNode> meta = new LinkedHashMap<>();
            JsonNode metaNode = node.get("meta");
            if (metaNode != null && !metaNode.isNull()) {
                if (!metaNode.isObject()) return ImportRow.unreadable(lineNumber, "meta: must be an object of key: value");
                for (Map.Entry<String, JsonNode> e : metaNode.properties()) meta.put(e.getKey(), e.getValue());
            }
            return new ImportRow(lineNumber, text(node, "id"), text(node, "name"),
                    description == null || description.isNull() ? null : description.asString(),
                    description != null && description.isNull(), text(node, "status"), meta, null);
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null ? null : value.asString();
        }
    }
}
