package dev.almanac.generation.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local provider on real text, with the real model: no fakes, so these are slow-ish (~1 s). */
class LocalMetadataGeneratorTest {

    private static final LocalEmbeddings EMBEDDINGS = new LocalEmbeddings();
    private final LocalMetadataGenerator generator = new LocalMetadataGenerator(EMBEDDINGS);

    static List<String> texts() {
        return List.of(RealTexts.QUARTERLY_RESULTS, RealTexts.RELEASE_NOTES, RealTexts.DISCHARGE_NOTE,
                RealTexts.EMPLOYMENT_POLICY);
    }

    @Test
    void tagsAreDistinctLowerCasePhrasesOfTheText() {
        for (String text : texts()) {
            assertTagsComeFrom(text, generator.generate(text, Taxonomy.defaults()));
        }
    }

    @Test
    void tagsNameWhatTheTextIsAbout() {
        assertThat(generator.generate(RealTexts.QUARTERLY_RESULTS, Taxonomy.defaults()).tagNames())
                .anySatisfy(tag -> assertThat(tag).containsAnyOf("revenue", "earnings", "income", "margin", "cash"));
        assertThat(generator.generate(RealTexts.DISCHARGE_NOTE, Taxonomy.defaults()).tagNames())
                .anySatisfy(tag -> assertThat(tag).containsAnyOf("cardiac", "coronary", "myocardial", "chest pain"));
        assertThat(generator.generate(RealTexts.RELEASE_NOTES, Taxonomy.defaults()).tagNames())
                .anySatisfy(tag -> assertThat(tag).containsAnyOf("framework", "session", "server", "request"));
    }

    @Test
    void summaryIsCentralSentencesOfTheTextInOriginalOrder() {
        for (String text : texts()) {
            GeneratedMetadata metadata = generator.generate(text, Taxonomy.defaults());
            List<Integer> positions = sentencePositions(text, metadata.summary());
            assertThat(positions).as("summary sentences of: %s", metadata.summary()).hasSizeBetween(1, 3).isSorted();
            assertThat(metadata.summary()).hasSizeLessThanOrEqualTo(500);
            assertThat(metadata.summaryConfidence()).isBetween(0.5, 1.0);
        }
        // the closing thank-you says nothing about the release
        assertThat(generator.generate(RealTexts.RELEASE_NOTES, Taxonomy.defaults()).summary()).doesNotContain("thank");
    }

    @Test
    void clearlyFinancialTextIsFinance() {
        GeneratedMetadata metadata = generator.generate(RealTexts.QUARTERLY_RESULTS, Taxonomy.defaults());
        assertThat(metadata.category()).isEqualTo("finance");
        assertThat(metadata.categoryConfidence()).isGreaterThan(0.5);
    }

    /**
     * Zero-shot reads these release notes (a web framework, its database connection pool, benchmarks)
     * as "data" or "engineering"; one release note the tenant labelled "engineering" settles it, and
     * a rejection of "engineering" for this very document is respected.
     */
    @Test
    void tagsPreferTheTenantsVocabulary() {
        List<String> plain = generator.generate(RealTexts.QUARTERLY_RESULTS, Taxonomy.defaults()).tagNames();
        var taught = new Guidance(List.of(), java.util.Set.of(), List.of("Cash flow"));
        List<String> preferred = generator.generate(RealTexts.QUARTERLY_RESULTS, Taxonomy.defaults(), taught).tagNames();
        // "cash flow" is a phrase of the text; without the tenant's word for it, it ranks lower or not at all
        int before = plain.indexOf("cash flow");
        assertThat(preferred).contains("cash flow");
        assertThat(before < 0 || preferred.indexOf("cash flow") < before).as(plain + " -> " + preferred).isTrue();
    }

    @Test
    void softwareReleaseNotesAreEngineeringOnceTheTenantLabelledOne() {
        assertThat(generator.generate(RealTexts.RELEASE_NOTES, Taxonomy.defaults()).category()).isIn("engineering", "data");
        String other = "Release 2.0 of the command-line client adds shell completion, a plugin API and faster startup. "
                + "Fixed bugs: crash when the configuration file is missing, wrong exit code on network errors.";
        var example = new CategoryClassifier.Example("p1", generator.textVector(other), "engineering", true);
        var taught = new Guidance(java.util.List.of(example), java.util.Set.of(), java.util.List.of());
        assertThat(generator.generate(RealTexts.RELEASE_NOTES, Taxonomy.defaults(), taught).category()).isEqualTo("engineering");
        var rejected = new Guidance(java.util.List.of(example), java.util.Set.of("engineering"), java.util.List.of());
        assertThat(generator.generate(RealTexts.RELEASE_NOTES, Taxonomy.defaults(), rejected).category()).isNotEqualTo("engineering");
    }

    @Test
    void clinicalNoteIsHealthcareAndStaffPolicyIsHumanResources() {
        assertThat(generator.generate(RealTexts.DISCHARGE_NOTE, Taxonomy.defaults()).category()).isEqualTo("healthcare");
        assertThat(generator.generate(RealTexts.EMPLOYMENT_POLICY, Taxonomy.defaults()).category())
                .isEqualTo("human resources");
    }

    @Test
    void categoryFollowsTheTenantsTaxonomy() {
        var cardiologyClinic = new Taxonomy(List.of(
                new Taxonomy.Category("cardiology", "heart attacks, arteries, heart rhythm and blood pressure"),
                new Taxonomy.Category("dermatology", "skin conditions, rashes, eczema and moles"),
                new Taxonomy.Category("orthopedics", "bones, fractures, joints and sports injuries")),
                Taxonomy.DEFAULT_THRESHOLD);
        assertThat(generator.generate(RealTexts.DISCHARGE_NOTE, cardiologyClinic).category()).isEqualTo("cardiology");
    }

    @Test
    void textUnrelatedToTheTaxonomyIsUncategorized() {
        var kitchen = new Taxonomy(List.of(
                new Taxonomy.Category("recipes", "cooking, ingredients, baking, dishes and meals"),
                new Taxonomy.Category("gardening", "plants, flowers, soil, seeds and pruning")),
                Taxonomy.DEFAULT_THRESHOLD);
        GeneratedMetadata metadata = generator.generate(RealTexts.QUARTERLY_RESULTS, kitchen);
        assertThat(metadata.category()).isEqualTo(Taxonomy.UNCATEGORIZED);
        assertThat(metadata.categoryConfidence()).isGreaterThan(0);
    }

    @Test
    void sameInputGivesSameOutput() {
        for (String text : texts()) {
            GeneratedMetadata first = generator.generate(text, Taxonomy.defaults());
            GeneratedMetadata second = new LocalMetadataGenerator(EMBEDDINGS).generate(text, Taxonomy.defaults());
            assertThat(second).isEqualTo(first);
        }
    }

    /** Candidate phrases' vectors are kept across documents: a phrase means the same whoever had it first. */
    @Test
    void aDocumentGetsTheSameTagsWhicheverDocumentsCameBefore() {
        LocalMetadataGenerator fresh = new LocalMetadataGenerator(EMBEDDINGS);
        LocalMetadataGenerator used = new LocalMetadataGenerator(EMBEDDINGS);
        for (String text : texts()) used.generate(text + "\n\nRelease notes and quarterly results.", Taxonomy.defaults());
        for (String text : texts()) {
            GeneratedMetadata alone = fresh.generate(text, Taxonomy.defaults());
            GeneratedMetadata after = used.generate(text, Taxonomy.defaults());
            assertThat(after.tagNames()).isEqualTo(alone.tagNames());
            assertThat(after.summary()).isEqualTo(alone.summary());
            assertThat(after.category()).isEqualTo(alone.category());
        }
    }

    /** Two sentences leave nothing to choose: the summary is both, and still says how close it is to the text. */
    @Test
    void aShortTextsSummaryIsAllItsSentences() {
        String text = "Ledger keeps the monthly books of a small shop in one place. "
                + "It imports bank statements and matches them with the invoices sent.";
        GeneratedMetadata metadata = generator.generate(text, Taxonomy.defaults());
        assertThat(metadata.summary()).isEqualTo(text);
        assertThat(metadata.summaryConfidence()).isBetween(0.7, 1.0);
    }

    @Test
    void longDocumentIsReadOnlyUpToTheBudget() {
        String longText = RealTexts.RELEASE_NOTES + "\n\n" + RealTexts.QUARTERLY_RESULTS.repeat(5);
        assertThat(longText.length()).isGreaterThan(4_000);
        GeneratedMetadata metadata = generator.generate(longText, Taxonomy.defaults());
        String budget = collapse(longText.substring(0, 4_000));
        for (String sentence : splitSentences(metadata.summary())) {
            assertThat(budget).contains(sentence);
        }
        assertTagsComeFrom(longText.substring(0, 4_000), metadata);
    }

    @Test
    void emptyContentGivesEmptySuggestion() {
        GeneratedMetadata metadata = generator.generate("  \n ", Taxonomy.defaults());
        assertThat(metadata.summary()).isEmpty();
        assertThat(metadata.tags()).isEmpty();
        assertThat(metadata.category()).isEqualTo(Taxonomy.UNCATEGORIZED);
        assertThat(metadata.quality()).isZero();
        assertThat(metadata.model()).isEqualTo("all-MiniLM-L6-v2-q");
    }

    /** Documents as found on a Debian machine: README, license, release notes (skipped if absent). */
    @ParameterizedTest
    @ValueSource(strings = {"/usr/share/doc/gzip/README.gz", "/usr/share/common-licenses/Apache-2.0",
            "/usr/share/doc/git/RelNotes/2.39.0.txt", "/usr/share/doc/nodejs/api/crypto.md"})
    void documentsFoundOnThisMachine(String file) throws IOException {
        Path path = Path.of(file);
        assumeTrue(Files.isReadable(path), file + " is not on this machine");
        String text = read(path);
        GeneratedMetadata metadata = generator.generate(text, Taxonomy.defaults());
        assertTagsComeFrom(text, metadata);
        assertThat(metadata.summary()).isNotBlank().hasSizeLessThanOrEqualTo(500);
        if (file.contains("licenses")) {
            assertThat(metadata.category()).isEqualTo("legal");
        } else {
            assertThat(metadata.category()).isIn("engineering", "security");
        }
    }

    private static void assertTagsComeFrom(String text, GeneratedMetadata metadata) {
        List<String> tags = metadata.tagNames();
        String lowerText = text.toLowerCase(Locale.ROOT);
        assertThat(tags).as("tags of %s…", text.substring(0, 40)).hasSizeBetween(3, 10).doesNotHaveDuplicates();
        for (String tag : tags) {
            assertThat(tag).isEqualTo(tag.toLowerCase(Locale.ROOT)).isNotBlank();
            for (String word : tag.split(" ")) {
                assertThat(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])")
                        .matcher(lowerText).find()).as("'%s' (of tag '%s') occurs in the text", word, tag).isTrue();
            }
        }
        for (int i = 0; i < tags.size(); i++) {
            for (int j = 0; j < tags.size(); j++) {
                if (i != j) { // no tag is another with words added or a plural: "release" / "releases notes"
                    assertThat(stems(tags.get(i))).as("%s vs %s", tags.get(i), tags.get(j))
                            .isNotEqualTo(stems(tags.get(j)));
                    assertThat(stems(tags.get(i)).containsAll(stems(tags.get(j))))
                            .as("'%s' contains '%s'", tags.get(i), tags.get(j)).isFalse();
                }
            }
        }
        assertThat(metadata.tags()).allSatisfy(tag -> assertThat(tag.score()).isBetween(0.0, 1.0));
    }

    private static List<String> stems(String tag) {
        List<String> stems = new ArrayList<>();
        for (String word : tag.split(" ")) {
            stems.add(word.replaceAll("(es|s)$", ""));
        }
        return stems;
    }

    /** Where each summary sentence stands among the text's sentences; fails if one is not there. */
    private static List<Integer> sentencePositions(String text, String summary) {
        List<String> sentences = splitSentences(text);
        List<Integer> positions = new ArrayList<>();
        for (String sentence : splitSentences(summary)) {
            assertThat(sentences).as("a sentence of the text").contains(sentence);
            positions.add(sentences.indexOf(sentence));
        }
        return positions;
    }

    private static List<String> splitSentences(String text) {
        return List.of(collapse(text).split("(?<=[.!?])\\s+(?=[A-Z])"));
    }

    private static String collapse(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static String read(Path path) throws IOException {
        try (InputStream in = path.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(path)) : Files.newInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
