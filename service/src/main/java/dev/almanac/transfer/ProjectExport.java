package dev.almanac.transfer;

import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.ProjectFilter;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a tenant's projects with their metadata values (open AI suggestions left out) in the
 * shape {@link ProjectImport} reads back. Reads a page of projects (keyset, by id) and their
 * metadata at a time and writes it out before reading the next, so memory does not grow with the
 * number of projects.
 */
@Service
public class ProjectExport {
    static final int PAGE = 500;

    private final Projects projects;
    private final ProjectMetadata metadata;
    private final JsonMapper json;

    ProjectExport(Projects projects, ProjectMetadata metadata, JsonMapper json) {
        this.projects = projects;
        this.metadata = metadata;
        this.json = json;
    }

    public enum Format {
        CSV("text/csv"), JSONL("application/x-ndjson");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public static Format parse(String value) {
            if (value == null || value.isEmpty() || value.equals("csv")) return CSV;
            if (value.equals("jsonl")) return JSONL;
            throw ApiException.invalidField("format", "csv or jsonl");
        }
    }

    /** The list's filters ({@code status}, {@code q}, conditions of {@link ProjectFilter}s), as for {@code GET /api/projects}. */
    public record Selection(String status, String text, List<ProjectFilter.Condition> conditions) {}

    public void write(Caller caller, Selection selection, Format format, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        List<String> keys = format == Format.CSV ? metadata.valueKeys(caller.tenantId()) : List.of();
        CSVPrinter csv = format == Format.CSV ? new CSVPrinter(writer, CSVFormat.RFC4180) : null;
        if (csv != null) {
            List<String> header = new ArrayList<>(List.of("id", "name", "description", "status"));
            keys.forEach(k -> header.add(ImportRows.META_PREFIX + k));
            csv.printRecord(header);
        }
        String cursor = null;
        do {
            Page<Project> page = projects.list(caller, selection.status(), selection.text(), selection.conditions(), PAGE, cursor);
            Map<String, List<MetaEntry>> entries = metadata.entriesOf(caller.tenantId(),
                    page.items().stream().map(Project::id).toList());
            for (Project project : page.items()) {
                Map<String, String> values = new HashMap<>();
                for (MetaEntry entry : entries.getOrDefault(project.id(), List.of())) {
                    if (!ProjectMetadata.isSuggestion(entry)) values.put(entry.key(), entry.value());
                }
                if (csv != null) {
                    List<String> record = new ArrayList<>(List.of(project.id(), project.name(),
                            project.description() == null ? "" : project.description(), project.status()));
                    for (String key : keys) record.add(values.getOrDefault(key, ""));
                    csv.printRecord(record);
                } else {
                    ObjectNode line = json.createObjectNode()
                            .put("id", project.id()).put("name", project.name())
                            .put("description", project.description()).put("status", project.status());
                    ObjectNode meta = line.putObject("meta");
                    values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .forEach(e -> meta.set(e.getKey(), json.readTree(e.getValue())));
                    writer.write(json.writeValueAsString(line));
                    writer.write('\n');
                }
            }
            writer.flush();
            cursor = page.nextCursor();
        } while (cursor != null);
        writer.flush();
    }
}
