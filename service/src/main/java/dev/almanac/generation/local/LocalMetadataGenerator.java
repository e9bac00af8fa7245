package dev.almanac.generation.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.almanac.embedding.EmbeddingProvider;
import dev.almanac.embedding.MiniLmEncoder;
import dev.almanac.generation.local.GeneratedMetadata.Tag;
import dev.almanac.generation.local.Keyphrases.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Summary, tags and category for a document, from nothing but an in-process sentence-embedding
 * model. Everything is measured against one vector, the document's meaning: the embedding of its
 * whole text (read in 256-token windows whose vectors are averaged; for a text of up to
 * {@value CategoryClassifier#TEXT_CHARS} characters, the vector the category is chosen by too).
 *
 * <ul>
 *   <li><b>Summary</b> — extractive: the prose sentences closest to the document's meaning
 *       (centrality), picked with maximal marginal relevance so they do not repeat each other,
 *       shown in their original order, capped in count and characters. Confidence: how close the
 *       chosen sentences together come to the whole document. A short text's summary is all its
 *       candidates: their vectors are then the mean of their tokens as the model read them in the
 *       text ("late chunking"), which costs no pass of their own.
 *   <li><b>Tags</b> — KeyBERT-style: candidate phrases from the text ranked by closeness to the
 *       document, picked with maximal marginal relevance, with near-duplicates (same stems, one
 *       phrase inside another, or nearly the same meaning) rejected. Score: closeness to the
 *       document.
 *   <li><b>Category</b> — {@link CategoryClassifier}: zero-shot, the taxonomy entry ("label:
 *       description") closest to the embedding of the text's first 2,000 characters, blended with
 *       the tenant's labelled examples when there are any ({@link Guidance}). Confidence: a softmax
 *       over all entries, so a close runner-up lowers it.
 * </ul>
 *
 * The model reads a document's first {@value CategoryClassifier#TEXT_CHARS} characters and the rest
 * of it once each, each candidate phrase it has not read before, and (when there is a choice) the
 * summary candidates in one batch; that is the cost of generation (bench/RESULTS-generation.md). Thread-safe
 * and deterministic: same input, same output, whatever was generated before.
 */
public class LocalMetadataGenerator {

    /**
     * @param maxInputChars  the document is cut to this many characters first (the seed's budget)
     * @param maxCandidates  candidate phrases embedded per document at most, the most promising
     *                       first (the main cost after the text itself). 32, not 48: the tag
     *                       evaluation scored the same with 32 and 24 (bench/RESULTS-generation.md),
     *                       and only long documents have more
     */
    public record Settings(int maxInputChars, int maxSummarySentences, int maxSummaryChars,
            int minTags, int maxTags, int maxCandidates) {

        public Settings {
            if (maxInputChars < 200 || maxSummarySentences < 1 || maxSummaryChars < 80
                    || minTags < 1 || maxTags < minTags || maxCandidates < maxTags) {
                throw new IllegalArgumentException("inconsistent local generation settings: " + this);
            }
        }

        public static Settings defaults() {
            return new Settings(4_000, 3, 500, 3, 8, 32);
        }
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** A metadata entry as the content prints it ({@code key: "value"}, {@code key: 3}): never summary material. */
    private static final Pattern METADATA_LINE = Pattern.compile("\\b[a-z][\\w.-]{0,63}: (?:[\"\\[{\\d-]|true\\b|false\\b|null\\b)");
    private static final double SUMMARY_LAMBDA = 0.7;
    private static final double TAG_LAMBDA = 0.6;
    /** Added to a candidate's relevance when it is one of the tenant's words (an accepted tag, a category label). */
    static final double VOCABULARY_BONUS = 0.15;
    /** Added to a vocabulary term's score when the text names it outright. */
    static final double TERM_NAMED_BONUS = 0.2;
    /** A vocabulary term below this score (cosine to the document, plus the bonus) is not a tag. */
    static final double MIN_TERM_SCORE = 0.3;
    /** Further vocabulary tags must score at least this fraction of the best term. */
    static final double TERM_RELATIVE_FLOOR = 0.75;
    /** Tags beyond the minimum must be at least this fraction as relevant as the best one. */
    private static final double TAG_RELATIVE_FLOOR = 0.6;
    /** Two tags this similar in meaning say the same thing. */
    private static final double TAG_DUPLICATE_COSINE = 0.8;
    /**
     * Sentences embedded as summary candidates at most: a summary quotes from the start of a
     * document far more often than from its end, and each candidate costs an embedding. 8, not 12:
     * the evaluation's summaries kept their length and number (bench/RESULTS-generation.md).
     */
    static final int MAX_SUMMARY_CANDIDATES = 8;
    /** Words per embedded piece at most: longer "sentences" (lists, tables) are cut. */
    private static final int MAX_WORDS_PER_PIECE = 120;

    private final LocalEmbeddings embeddings;
    private final Settings settings;
    /** Each taxonomy's "label: description" vectors, embedded once. */
    private final Cache<Taxonomy, List<float[]>> promptVectors = Caffeine.newBuilder().maximumSize(256).build();
    /**
     * Candidate phrases' vectors, across documents: a tenant's texts share much of their wording
     * (35% of the candidate phrases of the 158 labelled package texts were another text's too), and
     * a phrase is embedded on its own ({@link LocalEmbeddings#embedEach}), so its vector is the same
     * whichever document had it first. About 1.6 KB a phrase.
     */
    private final Cache<String, float[]> phraseVectors = Caffeine.newBuilder().maximumSize(10_000).build();
    /** Each controlled vocabulary's "term: description" vectors, embedded once. */
    private final Cache<TagVocabulary, List<float[]>> termVectors = Caffeine.newBuilder().maximumSize(256).build();
    /**
     * Below this many words there is nothing to summarize: the input is a name and a line, and a
     * summary would only give it back reformatted. The summary is then left empty.
     */
    static final int MIN_SUMMARY_WORDS = 12;

    public LocalMetadataGenerator(LocalEmbeddings embeddings) {
        this(embeddings, Settings.defaults());
    }

    public LocalMetadataGenerator(LocalEmbeddings embeddings, Settings settings) {
        this.embeddings = embeddings;
        this.settings = settings;
    }

    public GeneratedMetadata generate(String content, Taxonomy taxonomy) {
        return generate(content, taxonomy, Guidance.NONE);
    }

    /**
     * As {@link #generate(String, Taxonomy)}, with what the tenant's people taught: the category is
     * chosen by {@link CategoryClassifier} (zero-shot blended with the tenant's labelled examples).
     */
    public GeneratedMetadata generate(String content, Taxonomy taxonomy, Guidance guidance) {
        String text = InputBudget.truncate(content == null ? "" : content, settings.maxInputChars());
        List<String> pieces = pieces(Sentences.split(text));
        if (pieces.isEmpty()) {
            return new GeneratedMetadata("", 0, List.of(), Taxonomy.UNCATEGORIZED, 0, 0, embeddings.modelName());
        }
        TagVocabulary controlled = guidance.controlled();
        // with a closed vocabulary the text's own phrases are never shown: not worth embedding
        List<Candidate> candidates = controlled.isSet() && !controlled.allowFreeTags() ? List.of()
                : withoutTitle(Keyphrases.candidates(pieces, settings.maxCandidates() + 1), text);
        List<float[]> prompts = promptVectors.get(taxonomy, this::embedPrompts);
        List<float[]> terms = controlled.isSet() ? termVectors.get(controlled, this::embedTerms) : List.of();
        // only the sentences a summary may quote are embedded, and only the first few of them: the
        // sentences were 3/4 of the tokens of a document and most could never be picked
        List<Integer> eligible = words(text) < MIN_SUMMARY_WORDS ? List.of() : summaryCandidates(pieces);

        // the category text (the first 2,000 characters) and the rest of the text are read once each,
        // and each candidate phrase no document had before on its own. The summary candidates are
        // embedded in a batch, unless the summary must be all of them (a short text): then nothing is
        // left to choose, and their tokens as read in the text are enough for the summary's confidence
        String categoryText = CategoryClassifier.categoryText(text);
        String rest = text.substring(categoryText.length());
        boolean allOfThem = summaryIsAllOf(eligible.stream().map(pieces::get).toList());
        List<int[]> spans = new ArrayList<>();
        int from = 0;
        for (int i : allOfThem ? eligible : List.<Integer>of()) {
            int[] span = Sentences.locate(text, pieces.get(i), from);
            spans.add(span);
            if (span != null) from = span[1];
        }
        var head = embeddings.embedInContext(categoryText, clip(spans, 0, categoryText.length()));
        var tail = rest.isBlank() ? null : embeddings.embedInContext(rest, clip(spans, categoryText.length(), text.length()));
        Map<String, float[]> phraseVector = new HashMap<>(
                phraseVectors.getAllPresent(candidates.stream().map(Candidate::phrase).toList()));
        List<String> newPhrases = candidates.stream().map(Candidate::phrase).filter(p -> !phraseVector.containsKey(p)).toList();
        List<float[]> newVectors = embeddings.embedEach(newPhrases);
        for (int i = 0; i < newPhrases.size(); i++) {
            phraseVector.put(newPhrases.get(i), newVectors.get(i));
            phraseVectors.put(newPhrases.get(i), newVectors.get(i));
        }
        List<String> batch = new ArrayList<>(eligible.size());
        List<Integer> embedded = new ArrayList<>(); // the summary candidates embedded on their own
        for (int k = 0; k < eligible.size(); k++) {
            if (!allOfThem || tokensIn(head, tail, k) == 0) {
                embedded.add(k);
                batch.add(pieces.get(eligible.get(k)));
            }
        }
        List<float[]> vectors = embeddings.embedAll(batch);
        float[] textVector = head.vector();
        // the document's meaning: its whole text read in windows (the model's 256 tokens at most),
        // not its sentences embedded once more each. Its two parts are windows of their own, averaged
        // by length: embedding the whole text again would read its first half twice (a quarter of
        // the tokens of a long document)
        float[] document = tail == null ? textVector
                : Vectors.weightedMean(textVector, categoryText.length(), tail.vector(), rest.length());
        List<float[]> candidateVectors = candidates.stream().map(c -> phraseVector.get(c.phrase())).toList();
        List<float[]> sentenceVectors = new ArrayList<>(eligible.size());
        for (int k = 0; k < eligible.size(); k++) {
            int alone = embedded.indexOf(k);
            sentenceVectors.add(alone >= 0 ? vectors.get(alone) : inContext(head, tail, k));
        }

        var summary = summarize(eligible.stream().map(pieces::get).toList(), sentenceVectors, document);
        List<Tag> tags = controlled.isSet()
                ? vocabularyTags(text, controlled, terms, document, candidates, candidateVectors, guidance, taxonomy)
                : tag(candidates, candidateVectors, document, vocabulary(guidance, taxonomy));
        var chosen = CategoryClassifier.classify(textVector, taxonomy, prompts, guidance.examples(),
                guidance.rejectedCategories());
        var category = new Choice(chosen.label(), chosen.confidence());
        double quality = quality(text, summary.confidence, tags, category);
        return new GeneratedMetadata(summary.text, summary.confidence, tags, category.label, category.confidence,
                quality, embeddings.modelName(), textVector);
    }

    public String modelName() {
        return embeddings.modelName();
    }

    /** The spans as ranges of the part {@code [start, end)} of the text: cut to it, shifted to its start. */
    private static List<int[]> clip(List<int[]> spans, int start, int end) {
        List<int[]> clipped = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            clipped.add(span == null || span[1] <= start || span[0] >= end ? new int[] {0, 0}
                    : new int[] {Math.max(span[0], start) - start, Math.min(span[1], end) - start});
        }
        return clipped;
    }

    private static int tokensIn(MiniLmEncoder.InContext head, MiniLmEncoder.InContext tail, int span) {
        return head.spanTokens()[span] + (tail == null ? 0 : tail.spanTokens()[span]);
    }

    /** A span's embedding in context: the mean of its tokens over both parts of the text, normalized. */
    private static float[] inContext(MiniLmEncoder.InContext head, MiniLmEncoder.InContext tail, int span) {
        float[] sum = head.spanSums()[span].clone();
        if (tail != null) {
            for (int d = 0; d < sum.length; d++) sum[d] += tail.spanSums()[span][d];
        }
        return EmbeddingProvider.normalize(sum);
    }

    /** The embedding of a text's first {@value CategoryClassifier#TEXT_CHARS} characters (a project's example vector). */
    public float[] textVector(String content) {
        String text = InputBudget.truncate(content == null ? "" : content, settings.maxInputChars());
        return embeddings.embed(CategoryClassifier.categoryText(text));
    }

    private record Scored(String text, double confidence) {}

    private record Choice(String label, double confidence) {}

    /**
     * Indexes of the pieces a summary may quote, at most {@value #MAX_SUMMARY_CANDIDATES}, in
     * document order: prose sentences, or, when there is none (a list, a table), any short piece.
     */
    private List<Integer> summaryCandidates(List<String> pieces) {
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < pieces.size() && eligible.size() < MAX_SUMMARY_CANDIDATES; i++) {
            if (!METADATA_LINE.matcher(pieces.get(i)).find() && Sentences.isProse(pieces.get(i))
                    && pieces.get(i).length() <= settings.maxSummaryChars()) {
                eligible.add(i);
            }
        }
        for (int i = 0; i < pieces.size() && eligible.isEmpty(); i++) {
            if (words(pieces.get(i)) >= 4 && pieces.get(i).length() <= settings.maxSummaryChars()
                    && !METADATA_LINE.matcher(pieces.get(i)).find()) {
                for (int k = i; k < pieces.size() && eligible.size() < MAX_SUMMARY_CANDIDATES; k++) {
                    if (words(pieces.get(k)) >= 4 && pieces.get(k).length() <= settings.maxSummaryChars()
                            && !METADATA_LINE.matcher(pieces.get(k)).find()) {
                        eligible.add(k);
                    }
                }
            }
        }
        return eligible;
    }

    /** Whether a summary of these candidates is all of them: as many as it may have, and short enough together. */
    private boolean summaryIsAllOf(List<String> candidates) {
        int length = candidates.stream().mapToInt(String::length).sum() + Math.max(0, candidates.size() - 1);
        return !candidates.isEmpty() && candidates.size() <= settings.maxSummarySentences()
                && length <= settings.maxSummaryChars();
    }

    /**
     * {@code pieces}: the summary candidates in document order, {@code vectors} theirs. When the
     * summary is all of them ({@link #summaryIsAllOf}) the vectors only weigh its confidence.
     */
    private Scored summarize(List<String> pieces, List<float[]> vectors, float[] document) {
        if (pieces.isEmpty()) {
            return new Scored("", 0);
        }
        List<Integer> eligible = java.util.stream.IntStream.range(0, pieces.size()).boxed().toList();
        double[] centrality = new double[eligible.size()];
        List<float[]> eligibleVectors = new ArrayList<>();
        for (int k = 0; k < eligible.size(); k++) {
            eligibleVectors.add(vectors.get(eligible.get(k)));
            centrality[k] = Vectors.cosine(vectors.get(eligible.get(k)), document);
        }
        int[] length = {0};
        List<Integer> picked = MaximalMarginalRelevance.select(centrality, eligibleVectors, SUMMARY_LAMBDA,
                settings.maxSummarySentences(), k -> {
                    int added = pieces.get(eligible.get(k)).length() + (length[0] == 0 ? 0 : 1);
                    if (length[0] + added > settings.maxSummaryChars()) {
                        return false;
                    }
                    length[0] += added;
                    return true;
                });
        List<Integer> inOrder = picked.stream().map(eligible::get).sorted().toList();
        String summary = String.join(" ", inOrder.stream().map(pieces::get).toList());
        float[] summaryVector = Vectors.centroid(inOrder.stream().map(vectors::get).toList());
        return new Scored(summary, round(clamp(Vectors.cosine(summaryVector, document))));
    }

    /** The tenant's words, by stems: tags people accepted and the taxonomy's labels. */
    private static java.util.Set<String> vocabulary(Guidance guidance, Taxonomy taxonomy) {
        var terms = new HashSet<String>();
        guidance.vocabulary().forEach(term -> terms.add(stems(term)));
        taxonomy.categories().forEach(category -> terms.add(stems(category.label())));
        return terms;
    }

    private static String stems(String phrase) {
        return String.join(" ", java.util.Arrays.stream(WHITESPACE.split(phrase.strip().toLowerCase(java.util.Locale.ROOT)))
                .map(Stems::of).toList());
    }

    private List<Tag> tag(List<Candidate> candidates, List<float[]> vectors, float[] document, java.util.Set<String> vocabulary) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        double[] relevance = new double[candidates.size()];
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < relevance.length; i++) {
            relevance[i] = Vectors.cosine(vectors.get(i), document);
            if (vocabulary.contains(String.join(" ", candidates.get(i).stems()))) {
                relevance[i] += VOCABULARY_BONUS; // the tenant's own word for it
            }
            best = Math.max(best, relevance[i]);
        }
        double floor = best * TAG_RELATIVE_FLOOR;
        List<Integer> chosen = new ArrayList<>();
        MaximalMarginalRelevance.select(relevance, vectors, TAG_LAMBDA, settings.maxTags(), i -> {
            if (chosen.size() >= settings.minTags() && relevance[i] < floor) {
                return false;
            }
            for (int other : chosen) {
                if (overlaps(candidates.get(i), candidates.get(other))
                        || Vectors.cosine(vectors.get(i), vectors.get(other)) > TAG_DUPLICATE_COSINE) {
                    return false;
                }
            }
            chosen.add(i);
            return true;
        });
        return chosen.stream()
                .sorted((a, b) -> Double.compare(relevance[b], relevance[a]))
                .map(i -> new Tag(candidates.get(i).phrase(), round(clamp(relevance[i]))))
                .toList();
    }

    /**
     * Tags from the tenant's controlled vocabulary: every term close enough to the document's
     * meaning (multi-label), a term the text names outright counting more, each with its score as
     * confidence; then, if the vocabulary allows free tags, the text's own keyphrases fill the
     * places left, none repeating a term already chosen.
     */
    private List<Tag> vocabularyTags(String text, TagVocabulary vocabulary, List<float[]> termVectors, float[] document,
            List<Candidate> candidates, List<float[]> candidateVectors, Guidance guidance, Taxonomy taxonomy) {
        String lower = " " + WHITESPACE.matcher(text.toLowerCase(java.util.Locale.ROOT)).replaceAll(" ") + " ";
        List<TagVocabulary.Term> terms = vocabulary.terms();
        double[] score = new double[terms.size()];
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < score.length; i++) {
            score[i] = Vectors.cosine(termVectors.get(i), document);
            if (namedIn(lower, terms.get(i).term())) {
                score[i] += TERM_NAMED_BONUS;
            }
            best = Math.max(best, score[i]);
        }
        double floor = Math.max(MIN_TERM_SCORE, best * TERM_RELATIVE_FLOOR);
        List<Tag> tags = new ArrayList<>();
        java.util.stream.IntStream.range(0, score.length).boxed()
                .filter(i -> score[i] >= floor)
                .sorted((a, b) -> Double.compare(score[b], score[a]))
                .limit(settings.maxTags())
                .forEach(i -> tags.add(new Tag(terms.get(i).term(), round(clamp(score[i])))));
        if (!vocabulary.allowFreeTags() || tags.size() >= settings.maxTags()) {
            return tags;
        }
        var taken = new HashSet<String>();
        tags.forEach(tag -> taken.add(stems(tag.name())));
        for (Tag free : tag(candidates, candidateVectors, document, vocabulary(guidance, taxonomy))) {
            if (tags.size() >= settings.maxTags()) {
                break;
            }
            String freeStems = stems(free.name());
            if (taken.stream().noneMatch(t -> t.contains(freeStems) || freeStems.contains(t))) {
                tags.add(free);
                taken.add(freeStems);
            }
        }
        return tags;
    }

    /** The text holds the term as words of its own (not inside a longer word). */
    private static boolean namedIn(String paddedLowerText, String term) {
        String t = term.toLowerCase(java.util.Locale.ROOT);
        int at = paddedLowerText.indexOf(t);
        while (at >= 0) {
            boolean startsWord = !Character.isLetterOrDigit(paddedLowerText.charAt(at - 1));
            int end = at + t.length();
            boolean endsWord = end >= paddedLowerText.length() || !Character.isLetterOrDigit(paddedLowerText.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
            at = paddedLowerText.indexOf(t, at + 1);
        }
        return false;
    }

    private List<float[]> embedTerms(TagVocabulary vocabulary) {
        return List.copyOf(embeddings.embedAll(vocabulary.terms().stream().map(TagVocabulary.Term::prompt).toList()));
    }

    /**
     * The candidates less the document's title: a first line of its own, as {@code ProjectContent}
     * writes the project's name ("Ledger tools.\n…"). The bare name says nothing the project does
     * not already show; the name's words still count inside longer phrases.
     */
    private List<Candidate> withoutTitle(List<Candidate> candidates, String text) {
        int end = text.indexOf('\n');
        String title = (end < 0 ? "" : text.substring(0, end)).strip().replaceAll("[.!?:]+$", "");
        String titleStems = title.isEmpty() || title.length() > 80 ? null : stems(title);
        return candidates.stream()
                .filter(candidate -> !String.join(" ", candidate.stems()).equals(titleStems))
                .limit(settings.maxCandidates())
                .toList();
    }

    /** One phrase is the other with words added ("release", "release notes"), up to plurals. */
    private static boolean overlaps(Candidate a, Candidate b) {
        var stemsA = new HashSet<>(a.stems());
        var stemsB = new HashSet<>(b.stems());
        return stemsA.containsAll(stemsB) || stemsB.containsAll(stemsA);
    }

    private List<float[]> embedPrompts(Taxonomy taxonomy) {
        return List.copyOf(embeddings.embedAll(taxonomy.categories().stream().map(Taxonomy.Category::prompt).toList()));
    }

    /**
     * A rough 0–1 indication of how much to trust the whole suggestion: the parts' confidences,
     * weighted, scaled down for very short texts (under ~60 words there is little to go on).
     */
    private static double quality(String text, double summaryConfidence, List<Tag> tags, Choice category) {
        double tagScore = tags.stream().mapToDouble(Tag::score).average().orElse(0);
        double categoryScore = category.label.equals(Taxonomy.UNCATEGORIZED) ? 0 : category.confidence;
        double lengthFactor = Math.min(1, words(text) / 60.0);
        return round(lengthFactor * (0.4 * summaryConfidence + 0.3 * tagScore + 0.3 * categoryScore));
    }

    /** Sentences, with any longer than the model reads well cut into word chunks. */
    private static List<String> pieces(List<String> sentences) {
        List<String> pieces = new ArrayList<>();
        for (String sentence : sentences) {
            String[] words = WHITESPACE.split(sentence);
            if (words.length <= MAX_WORDS_PER_PIECE) {
                pieces.add(sentence);
                continue;
            }
            for (int start = 0; start < words.length; start += MAX_WORDS_PER_PIECE) {
                int end = Math.min(words.length, start + MAX_WORDS_PER_PIECE);
                pieces.add(String.join(" ", java.util.Arrays.asList(words).subList(start, end)));
            }
        }
        return pieces;
    }

    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : WHITESPACE.split(stripped).length;
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
