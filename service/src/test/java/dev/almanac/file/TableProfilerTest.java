package dev.almanac.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TableProfilerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TableProfiler profiler = new TableProfiler();

    @TempDir
    Path dir;

    JsonNode profile(String content, TableProfiler.Format format) throws Exception {
        Path file = dir.resolve("t");
        Files.writeString(file, content);
        String json = profiler.profile(file, format);
        return json == null ? null : JSON.readTree(json);
    }

    @Test
    void quotedFieldsWithNewlinesCountAsOneRowAndRaggedRowsAreNulls() throws Exception {
        JsonNode p = profile("id,note,at\n1,\"two\nlines\",2024-01-01T10:00:00Z\n2\n", TableProfiler.Format.CSV);
        assertThat(p.get("row_count").asLong()).isEqualTo(2);
        assertThat(p.get("columns").get(1).get("null_count").asLong()).isEqualTo(1);
        assertThat(p.get("columns").get(2).get("type").asString()).isEqualTo("timestamp");
        assertThat(p.get("columns").get(0).get("type").asString()).isEqualTo("integer");
    }

    @Test
    void aHeaderWithoutRowsOrAJsonLineThatIsNoObjectIsNoTable() throws Exception {
        assertThat(profile("a,b\n", TableProfiler.Format.CSV)).isNull();
        assertThat(profile("{\"a\":1}\n[1,2]\n", TableProfiler.Format.JSONL)).isNull();
        assertThat(profile("not json\n", TableProfiler.Format.JSONL)).isNull();
    }

    @Test
    void jsonLinesColumnsAreTheUnionOfKeys() throws Exception {
        JsonNode p = profile("{\"a\":1,\"b\":{\"x\":1}}\n\n{\"a\":2.5,\"c\":true}\n", TableProfiler.Format.JSONL);
        assertThat(p.get("row_count").asLong()).isEqualTo(2);
        assertThat(p.get("columns").get(0).get("type").asString()).isEqualTo("number");
        assertThat(p.get("columns").get(1).get("type").asString()).isEqualTo("json");
        assertThat(p.get("columns").get(1).get("null_count").asLong()).isEqualTo(1);
        assertThat(p.get("columns").get(2).get("type").asString()).isEqualTo("boolean");
        assertThat(p.get("columns").get(2).get("null_count").asLong()).isEqualTo(1);
    }

    @Test
    void formatFollowsTheDetectedTypeThenTheName() {
        assertThat(TableProfiler.formatOf("text/csv", "x")).isEqualTo(TableProfiler.Format.CSV);
        assertThat(TableProfiler.formatOf("text/plain", "orders.JSONL")).isEqualTo(TableProfiler.Format.JSONL);
        assertThat(TableProfiler.formatOf("application/pdf", "fake.csv")).isNull();
    }
}
