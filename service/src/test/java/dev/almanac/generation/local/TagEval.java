package dev.almanac.generation.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tag precision and summary length of the local provider on the labelled corpus of
 * bench/generation/eval (issue 15). The labels are each package's own keywords (npm keywords, PyPI
 * keywords, Maven coordinates' words); only documents that have at least one are scored.
 *
 * <ul>
 *   <li><b>exact</b>: a tag counts when it is one of the document's keywords (case, '-', '_' and
 *       '.' ignored);
 *   <li><b>lenient</b>: also when a keyword is one of the tag's words, or the tag one of a
 *       multi-word keyword's ("json" for "json schema").
 * </ul>
 * Two runs: free tags (no vocabulary), and tags drawn from a controlled vocabulary made of every
 * keyword of the corpus (terms without descriptions, free tags not allowed) — the case of a tenant
 * whose glossary is the labels themselves.
 *
 * <p>Run: {@code bench/generation/eval/run-tags.sh}. Arguments: corpus.jsonl taxonomy.json [out.md]
 */
public final class TagEval {

    record Doc(String name, String text, Set<String> keywords) {}

    public static void main(String[] args) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<Doc> docs = new ArrayList<>();
        Set<String> allKeywords = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) continue;
            JsonNode n = json.readTree(line);
            Set<String> keywords = new LinkedHashSet<>();
            n.get("tags").forEach(k -> keywords.add(normal(k.asString())));
            keywords.removeIf(String::isBlank);
            allKeywords.addAll(keywords);
            docs.add(new Doc(n.get("name").asString(), n.get("text").asString(), keywords));
        }
        JsonNode t = json.readTree(Files.readString(Path.of(args[1])));
        List<Taxonomy.Category> categories = new ArrayList<>();
        for (JsonNode c : t.get("categories")) {
            categories.add(new Taxonomy.Category(c.get("label").asString(), c.get("description").asString()));
        }
        Taxonomy taxonomy = new Taxonomy(categories, Taxonomy.DEFAULT_THRESHOLD);
        var generator = new LocalMetadataGenerator(new LocalEmbeddings());
        var vocabulary = new TagVocabulary(allKeywords.stream().map(k -> new TagVocabulary.Term(k, null)).toList(), false);
        StringBuilder out = new StringBuilder();
        long labelled = docs.stream().filter(d -> !d.keywords().isEmpty()).count();
        line(out, "documents: %d, with keywords: %d, distinct keywords: %d", docs.size(), labelled, allKeywords.size());
        line(out, "");
        line(out, "| tags | documents scored | tags per document | precision, exact | precision, lenient | documents with ≥ 1 right tag (lenient) |");
        line(out, "|---|---|---|---|---|---|");
        int summaries = 0, summaryChars = 0, summarySentences = 0, noSummary = 0;
        for (boolean controlled : new boolean[] {false, true}) {
            Guidance guidance = controlled ? Guidance.NONE.with(vocabulary) : Guidance.NONE;
            int scored = 0, tags = 0, exact = 0, lenient = 0, hit = 0;
            for (Doc d : docs) {
                GeneratedMetadata m = generator.generate(d.name() + ".\n" + d.text(), taxonomy, guidance);
                if (!controlled) {
                    if (m.summary().isBlank()) {
                        noSummary++;
                    } else {
                        summaries++;
                        summaryChars += m.summary().length();
                        summarySentences += Sentences.split(m.summary()).size();
                    }
                }
                if (d.keywords().isEmpty()) continue;
                scored++;
                boolean any = false;
                for (String tag : m.tagNames()) {
                    tags++;
                    String n = normal(tag);
                    if (d.keywords().contains(n)) exact++;
                    if (d.keywords().contains(n) || d.keywords().stream().anyMatch(k -> sharesWholeWords(n, k))) {
                        lenient++;
                        any = true;
                    }
                }
                if (any) hit++;
            }
            line(out, "| %s | %d | %.1f | %.3f | %.3f | %.3f |",
                    controlled ? "from a vocabulary of the corpus' " + allKeywords.size() + " keywords (no free tags)"
                            : "free keyphrases (no vocabulary)",
                    scored, tags / (double) scored, exact / (double) Math.max(1, tags), lenient / (double) Math.max(1, tags),
                    hit / (double) scored);
        }
        line(out, "");
        line(out, "Summaries: %d documents got one, mean %.0f characters, %.1f sentences; %d got none (under %d words or no quotable sentence).",
                summaries, summaryChars / (double) Math.max(1, summaries), summarySentences / (double) Math.max(1, summaries),
                noSummary, LocalMetadataGenerator.MIN_SUMMARY_WORDS);
        if (args.length > 2) Files.writeString(Path.of(args[2]), out);
    }

    static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", " ").replaceAll("\\s+", " ").strip();
    }

    /** One is a whole word (or words) of the other. */
    static boolean sharesWholeWords(String tag, String keyword) {
        Set<String> tagWords = Arrays.stream(tag.split(" ")).collect(Collectors.toSet());
        Set<String> keywordWords = Arrays.stream(keyword.split(" ")).collect(Collectors.toSet());
        return tagWords.containsAll(keywordWords) || keywordWords.containsAll(tagWords);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        out.append(text).append('\n');
    }
}
