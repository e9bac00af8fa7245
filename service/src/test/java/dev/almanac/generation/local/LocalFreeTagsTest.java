package dev.almanac.generation.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Free tags on real texts nobody here wrote: the package descriptions of the evaluation corpus
 * (bench/generation/eval/packages.jsonl, npm / PyPI / Maven metadata), each given as generation
 * reads a project: its name on a line of its own, then its text. Every document of 30 words or more
 * gets 3–8 tags, none repeated (same words up to plurals, or one inside another), none the bare
 * project name, none a verb fragment ("sox supports", "program renders").
 */
class LocalFreeTagsTest {
    private static final Path CORPUS = Path.of("../bench/generation/eval/packages.jsonl");
    /** Third-person and past forms package descriptions use a lot, which a noun phrase never ends with or holds. */
    private static final Set<String> VERB_FORMS = Set.of("supports", "provides", "allows", "uses", "makes", "renders",
            "hides", "called", "helps", "lets", "adds", "gives", "returns", "creates", "generates", "converts",
            "implements", "contains", "includes", "runs", "works", "requires", "enables", "is", "are", "was", "be");
    private static final LocalMetadataGenerator generator = new LocalMetadataGenerator(new LocalEmbeddings());
    private static final List<String[]> documents = new ArrayList<>();

    @BeforeAll
    static void readCorpus() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        for (String line : Files.readAllLines(CORPUS)) {
            if (line.isBlank()) continue;
            JsonNode n = json.readTree(line);
            String text = n.get("text").asString();
            if (text.strip().split("\\s+").length >= 30) documents.add(new String[] {n.get("name").asString(), text});
        }
        assertThat(documents).as("the corpus is there").hasSizeGreaterThan(40);
    }

    @Test
    void everyDocumentGetsThreeToEightDistinctNounPhraseTagsWithoutItsBareName() {
        // every third document: the whole corpus would take minutes on a busy 2-core machine
        for (int i = 0; i < documents.size(); i += 3) {
            String name = documents.get(i)[0];
            List<String> tags = generator.generate(name + ".\n" + documents.get(i)[1], Taxonomy.defaults()).tagNames();
            String what = name + " " + tags;
            assertThat(tags).as(what).hasSizeBetween(3, 8).doesNotHaveDuplicates();
            assertThat(tags).as("no bare project name: " + what)
                    .noneMatch(tag -> tag.equalsIgnoreCase(name));
            Set<Set<String>> seen = new HashSet<>();
            for (String tag : tags) {
                Set<String> stems = new HashSet<>();
                for (String word : tag.toLowerCase(Locale.ROOT).split("\\s+")) {
                    assertThat(VERB_FORMS).as("no verb in '" + tag + "': " + what).doesNotContain(word);
                    assertThat(Verbs.isVerb(word)).as("no verb in '" + tag + "': " + what).isFalse();
                    stems.add(Stems.of(word));
                }
                for (Set<String> other : seen) {
                    assertThat(other.containsAll(stems) || stems.containsAll(other))
                            .as("'" + tag + "' repeats another tag: " + what).isFalse();
                }
                seen.add(stems);
            }
        }
    }
}
