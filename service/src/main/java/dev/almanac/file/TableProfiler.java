package dev.almanac.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Profiles a CSV, TSV or JSON-lines file in one streaming pass: columns (header names, or keys of the
 * JSON objects), an inferred type per column, the exact row count and a few sample values. Returns
 * null when the content is not a table after all (no data row, a line that is not a JSON object).
 */
final class TableProfiler {
    enum Format { CSV, TSV, JSONL }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_COLUMNS = 200;
    private static final int SAMPLES = 3;
    private static final int MAX_SAMPLE_CHARS = 100;
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?");

    static Format formatOf(String contentType, String clientName) {
        String name = clientName.toLowerCase(Locale.ROOT);
        if (contentType.equals("text/csv")) return Format.CSV;
        if (contentType.equals("text/tab-separated-values")) return Format.TSV;
        boolean textual = contentType.startsWith("text/") || contentType.equals("application/json")
                || contentType.equals("application/x-ndjson");
        if (!textual) return null;
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return Format.JSONL;
        if (name.endsWith(".tsv") || name.endsWith(".tab")) return Format.TSV;
        if (name.endsWith(".csv")) return Format.CSV;
        return null;
    }

    String profile(Path content, Format format) throws IOException {
        try (Reader reader = reader(content)) {
            return format == Format.JSONL ? profileJsonLines(new BufferedReader(reader), format)
                    : profileDelimited(reader, format);
        }
    }

    private String profileDelimited(Reader reader, Format format) throws IOException {
        CSVFormat csv = (format == Format.TSV ? CSVFormat.TDF : CSVFormat.DEFAULT).builder()
                .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true)
                .setAllowDuplicateHeaderNames(true).get();
        try (var parser = csv.parse(reader)) {
            List<String> names = parser.getHeaderNames();
            if (names.isEmpty()) return null;
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < Math.min(names.size(), MAX_COLUMNS); i++) {
                String name = names.get(i);
                columns.add(new Column(name == null || name.isBlank() ? "column_" + (i + 1) : name));
            }
            long rows = 0;
            for (CSVRecord record : parser) {
                rows++;
                for (int i = 0; i < columns.size(); i++) {
                    columns.get(i).observe(i < record.size() ? record.get(i) : null);
                }
            }
            return rows == 0 ? null : toJson(format, rows, names.size(), columns);
        } catch (java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            return null; // malformed quoting and the like: stored as text, not as a table
        }
    }

    private String profileJsonLines(BufferedReader reader, Format format) throws IOException {
        Map<String, Column> columns = new LinkedHashMap<>();
        long rows = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (RuntimeException e) {
                return null;
            }
            if (!node.isObject()) return null;
            rows++;
            for (var field : node.properties()) {
                Column column = columns.get(field.getKey());
                if (column == null && columns.size() < MAX_COLUMNS) {
                    column = new Column(field.getKey());
                    column.nulls = rows - 1; // absent from the earlier rows
                    columns.put(field.getKey(), column);
                }
                if (column != null) column.observe(field.getValue());
            }
            for (Column c : columns.values()) {
                if (!node.has(c.name)) c.observe((String) null);
            }
        }
        return rows == 0 ? null : toJson(format, rows, columns.size(), new ArrayList<>(columns.values()));
    }

    private static String toJson(Format format, long rows, int columnCount, List<Column> columns) {
        ObjectNode profile = JSON.createObjectNode();
        profile.put("format", format.name().toLowerCase(Locale.ROOT));
        profile.put("row_count", rows);
        profile.put("column_count", columnCount);
        ArrayNode list = profile.putArray("columns");
        for (Column c : columns) {
            ObjectNode node = list.addObject();
            node.put("name", c.name);
            node.put("type", c.type());
            node.put("null_count", c.nulls);
            ArrayNode samples = node.putArray("samples");
            c.samples.forEach(samples::add);
        }
        return JSON.writeValueAsString(profile);
    }

    private static Reader reader(Path content) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(content), decoder), 64 * 1024);
    }

    /** Narrowest type every non-empty value fits: integer ⊂ number; boolean; date ⊂ timestamp; else string. */
    private static final class Column {
        final String name;
        final List<String> samples = new ArrayList<>();
        long nulls;
        boolean integer = true, number = true, bool = true, date = true, timestamp = true, json = true, textual = true;
        boolean seen;

        Column(String name) {
            this.name = name;
        }

        void observe(JsonNode value) {
            if (value == null || value.isNull()) {
                observe((String) null);
            } else if (value.isContainer()) {
                seen = true;
                integer = number = bool = date = timestamp = textual = false;
                sample(value.toString());
            } else {
                json = false;
                observe(value.isString() ? value.asString() : value.toString());
            }
        }

        void observe(String value) {
            if (value == null || value.isEmpty()) {
                nulls++;
                return;
            }
            seen = true;
            String v = value.strip();
            if (integer && !INTEGER.matcher(v).matches()) integer = false;
            if (number && !NUMBER.matcher(v).matches()) number = false;
            if (bool && !BOOLEAN.matcher(v).matches()) bool = false;
            if (date && !DATE.matcher(v).matches()) date = false;
            if (timestamp && !TIMESTAMP.matcher(v).matches()) timestamp = false;
            sample(value);
        }

        private void sample(String value) {
            if (samples.size() < SAMPLES) {
                String s = value.length() > MAX_SAMPLE_CHARS ? value.substring(0, MAX_SAMPLE_CHARS) : value;
                if (!samples.contains(s)) samples.add(s);
            }
        }

        String type() {
            if (!seen) return "empty";
            if (!textual) return json ? "json" : "string";
            if (integer) return "integer";
            if (number) return "number";
            if (bool) return "boolean";
            if (date) return "date";
            if (timestamp) return "timestamp";
            return "string";
        }
    }
}
