package dev.almanac.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.config.AlmanacProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The pure parts: canonical form and checksum, JSON Patch generation, the file format, path safety. */
class DefinitionFormatsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void canonicalFormSortsKeysAndNormalizesNumbers() {
        JsonNode a = JSON.readTree("{\"b\":[1.50,{\"d\":1,\"c\":2}],\"a\":\"x\\\"y\",\"e\":1e2}");
        assertThat(CanonicalJson.of(a)).isEqualTo("{\"a\":\"x\\\"y\",\"b\":[1.5,{\"c\":2,\"d\":1}],\"e\":100}");
        JsonNode reordered = JSON.readTree("{\"e\":100,\"a\":\"x\\\"y\",\"b\":[1.5,{\"c\":2,\"d\":1}]}");
        assertThat(CanonicalJson.checksum(a)).isEqualTo(CanonicalJson.checksum(reordered)).hasSize(32);
        assertThat(CanonicalJson.checksum(JSON.readTree("{\"b\":[{\"c\":2,\"d\":1},1.5]}")))
                .isNotEqualTo(CanonicalJson.checksum(JSON.readTree("{\"b\":[1.5,{\"c\":2,\"d\":1}]}")));
    }

    @Test
    void patchEscapesPointersAndRemovesArrayTailsFromTheEnd() {
        ArrayNode patch = JsonPatchDiff.diff(JSON.readTree("{\"a/b\":1,\"m~n\":[1,2,3,4],\"keep\":true}"),
                JSON.readTree("{\"a/b\":2,\"m~n\":[1],\"keep\":true}"));
        assertThat(patch).isEqualTo(JSON.readTree("""
                [{"op":"replace","path":"/a~1b","value":2},
                 {"op":"remove","path":"/m~0n/3"},{"op":"remove","path":"/m~0n/2"},{"op":"remove","path":"/m~0n/1"}]"""));
        assertThat(JsonPatchDiff.diff(JSON.readTree("[1]"), JSON.readTree("{\"x\":1}")))
                .isEqualTo(JSON.readTree("[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"x\":1}}]"));
    }

    @Test
    void applyingTheGeneratedPatchAlwaysGivesTheTarget() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            JsonNode from = randomNode(random, 3);
            JsonNode to = random.nextBoolean() ? mutate(from.deepCopy(), random) : randomNode(random, 3);
            JsonNode result = PatchApplier.apply(from.deepCopy(), JsonPatchDiff.diff(from, to));
            assertThat(CanonicalJson.of(result)).as("%s -> %s", from, to).isEqualTo(CanonicalJson.of(to));
        }
    }

    @Test
    void exportedFilesAreDeterministicAndReadBack(@TempDir Path dir) throws IOException {
        Definition d = new Definition("view", "orders", JSON.readTree("{\"z\":1,\"a\":{\"y\":\"two\\nlines\",\"b\":[true,null]}}"),
                3, "0123456789abcdef0123456789abcdef", "api", true, "o", List.of("core", "sales"), Instant.EPOCH,
                Instant.EPOCH, Definition.FROM_DATABASE);
        String yaml = new String(DefinitionFile.render(d, DefinitionFile.Format.YAML), StandardCharsets.UTF_8);
        assertThat(yaml).isEqualTo("""
                almanac:
                  format: 1
                  type: "view"
                  name: "orders"
                  version: 3
                  checksum: "0123456789abcdef0123456789abcdef"
                  is_active: true
                  tags:
                  - "core"
                  - "sales"
                data:
                  a:
                    b:
                    - true
                    - null
                    "y": "two\\nlines"
                  z: 1
                """);
        String json = new String(DefinitionFile.render(d, DefinitionFile.Format.JSON), StandardCharsets.UTF_8);
        assertThat(json).endsWith("}\n").contains("\"data\" : {\n    \"a\"");

        Path file = dir.resolve("orders.yaml");
        Files.writeString(file, yaml);
        DefinitionFile read = DefinitionFile.read(file, "view", "orders");
        assertThat(read.data()).isEqualTo(d.data());
        assertThat(read.header()).isEqualTo(new DefinitionFile.Header(3, "0123456789abcdef0123456789abcdef", true,
                List.of("core", "sales")));
        Files.writeString(file, "a: 1\n");
        assertThat(DefinitionFile.read(file, "view", "orders").header()).isNull();
    }

    @Test
    void filesOutsideTheDefinitionsDirectoryAreNeverRead(@TempDir Path root) throws IOException {
        Path data = root.resolve("data");
        Files.createDirectories(data.resolve("definitions/view"));
        Files.writeString(data.resolve("definitions/view/ok.yaml"), "fine: true\n");
        Files.writeString(root.resolve("secret.yaml"), "password: hunter2\n");
        Files.writeString(data.resolve("secret.yaml"), "password: hunter2\n");
        Files.createSymbolicLink(data.resolve("definitions/view/link.yaml"), root.resolve("secret.yaml"));
        var files = new DefinitionFiles(new DefinitionSettings(null),
                new AlmanacProperties(new AlmanacProperties.Data(data), null, null, null));

        assertThat(files.find("view", "ok").data().get("fine").asBoolean()).isTrue();
        for (String name : List.of("../secret", "../../secret", "..", "/etc/passwd", "link", "ok/../ok")) {
            assertThat(files.find("view", name)).as(name).isNull();
        }
        assertThat(files.find("..", "secret")).isNull();
        assertThat(files.list("view", null)).extracting(Definition::name).containsExactly("ok");
    }

    private static JsonNode randomNode(Random random, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth == 0 ? random.nextInt(3) : random.nextInt(5);
        return switch (kind) {
            case 0 -> f.numberNode(random.nextInt(4));
            case 1 -> f.stringNode(List.of("a", "b/c", "d~e").get(random.nextInt(3)));
            case 2 -> random.nextBoolean() ? f.booleanNode(true) : f.nullNode();
            case 3 -> {
                ArrayNode a = f.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) a.add(randomNode(random, depth - 1));
                yield a;
            }
            default -> {
                ObjectNode o = f.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) o.set(List.of("k", "x/y", "t~1", "").get(random.nextInt(4)), randomNode(random, depth - 1));
                yield o;
            }
        };
    }

    private static JsonNode mutate(JsonNode node, Random random) {
        if (node instanceof ObjectNode o && !o.isEmpty() && random.nextBoolean()) {
            Iterator<String> names = o.propertyNames().iterator();
            String key = names.next();
            o.set(key, mutate(o.get(key), random));
            return o;
        }
        if (node instanceof ArrayNode a && !a.isEmpty() && random.nextBoolean()) {
            a.remove(0);
            return a;
        }
        return randomNode(random, 2);
    }
}
