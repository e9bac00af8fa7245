package dev.almanac.file;

import dev.almanac.project.ProjectContentSource;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a project's files contribute to AI generation and search: per file its name, and either the
 * extracted text or, for a table, a description of the dataset ("412 rows; columns: id (integer, e.g.
 * 1, 2), …") so a model can describe it. Files in name order, so the same files give the same text.
 */
@Component
class FileContentSource implements ProjectContentSource {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FileRepository repository;

    FileContentSource(FileRepository repository) {
        this.repository = repository;
    }

    @Override
    public String contentOf(String tenantId, String projectId, int maxChars) {
        if (maxChars <= 0) return "";
        List<FileRepository.Section> sections = repository.sections(tenantId, projectId, maxChars);
        StringBuilder out = new StringBuilder();
        for (FileRepository.Section s : sections) {
            if (out.length() >= maxChars) break;
            if (s.tableProfile() != null) {
                out.append("Table file ").append(s.name()).append(": ").append(describe(s.tableProfile())).append('\n');
            } else {
                out.append("File ").append(s.name()).append(":\n").append(s.text()).append('\n');
            }
        }
        return out.length() <= maxChars ? out.toString() : out.substring(0, maxChars);
    }

    static String describe(String profileJson) {
        JsonNode profile = JSON.readTree(profileJson);
        StringBuilder d = new StringBuilder();
        d.append(profile.get("row_count").asLong()).append(" rows; columns: ");
        boolean first = true;
        for (JsonNode column : profile.get("columns")) {
            if (!first) d.append("; ");
            first = false;
            d.append(column.get("name").asString()).append(" (").append(column.get("type").asString());
            JsonNode samples = column.get("samples");
            if (samples != null && !samples.isEmpty()) {
                d.append(", e.g. ");
                for (int i = 0; i < samples.size(); i++) {
                    if (i > 0) d.append(", ");
                    d.append(samples.get(i).asString());
                }
            }
            d.append(')');
        }
        return d.append('.').toString();
    }
}
