package dev.almanac.generation.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Candidate tags: 1–3-word noun phrases taken as they stand in the text (never across punctuation):
 * adjectives and nouns ending with a noun, by OpenNLP's part-of-speech tags ({@link PartsOfSpeech}),
 * with no stopword anywhere, and no verb or past participle by the word lists either (see
 * {@link Verbs}). Forms of the same phrase ("release notes",
 * "Release note") are one candidate, shown in its most frequent lower-case form.
 *
 * <p>Embedding every candidate of a long document would dominate the cost of generation, so only
 * the {@code limit} most promising go on to be ranked by meaning: frequent phrases first, longer
 * ones favoured, since they are rarer yet usually more specific.
 */
final class Keyphrases {

    /** A word: starts with a letter; may hold digits, _ and inner . - ' + # (node.js, x86-64, st_mode, c++). */
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}_]*(?:[-.'’][\\p{L}\\p{N}_]+)*[+#]*");
    private static final int MAX_WORDS = 3;

    record Candidate(String phrase, List<String> stems, int count, int firstPosition) {}

    private Keyphrases() {}

    static List<Candidate> candidates(List<String> sentences, int limit) {
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Integer> wordCounts = new HashMap<>();
        int position = 0;
        for (String sentence : sentences) {
            for (NounRun nounRun : nounRuns(sentence)) {
                List<String> run = nounRun.words();
                for (int start = 0; start < run.size(); start++) {
                    String first = run.get(start);
                    if (!usable(first)) {
                        continue;
                    }
                    wordCounts.merge(Stems.of(first), 1, Integer::sum);
                    for (int end = start + 1; end <= Math.min(run.size(), start + MAX_WORDS); end++) {
                        String last = run.get(end - 1);
                        if (!usable(last) || Verbs.isVerb(last)) {
                            break;
                        }
                        if (Verbs.looksPastTense(last) || !nounRun.nouns().get(end - 1)) {
                            continue; // a phrase ends with its head noun
                        }
                        List<String> words = run.subList(start, end);
                        String phrase = String.join(" ", words);
                        List<String> stems = words.stream().map(Stems::of).toList();
                        int at = position + start;
                        groups.computeIfAbsent(String.join(" ", stems), key -> new Group(stems, at)).add(phrase);
                    }
                }
                position += run.size();
            }
        }
        Comparator<Group> promise = Comparator.comparingDouble(group -> -group.promise(wordCounts));
        return groups.values().stream()
                .sorted(promise.thenComparingInt(group -> group.firstPosition))
                .limit(limit)
                .map(Group::toCandidate)
                .toList();
    }

    /** Words of a noun phrase run, and whether each is a noun (so may end a phrase). */
    private record NounRun(List<String> words, List<Boolean> nouns) {}

    /**
     * Noun phrases of a sentence: runs of adjectives and nouns (OpenNLP part-of-speech tags on the
     * words as written), cut wherever a verb, a function word or punctuation stands. So "dvbackup
     * hides", "called dvconnect" or "program renders" cannot be candidates: they hold a verb.
     */
    private static List<NounRun> nounRuns(String sentence) {
        List<NounRun> out = new ArrayList<>();
        for (List<String[]> run : casedRuns(sentence)) {
            String[] tags = PartsOfSpeech.tag(run.stream().map(w -> w[0]).toList());
            PartsOfSpeech.fixThirdPersonVerbs(run.stream().map(w -> w[1]).toList(), tags);
            List<String> words = new ArrayList<>();
            List<Boolean> nouns = new ArrayList<>();
            for (int i = 0; i <= run.size(); i++) {
                if (i < run.size() && PartsOfSpeech.isModifier(tags[i])) {
                    words.add(run.get(i)[1]);
                    nouns.add(PartsOfSpeech.isNoun(tags[i]));
                    continue;
                }
                if (!words.isEmpty()) {
                    out.add(new NounRun(words, nouns));
                    words = new ArrayList<>();
                    nouns = new ArrayList<>();
                }
            }
        }
        return out;
    }

    /** Words of a sentence as written and lower-cased, cut into runs wherever anything but a space separates them. */
    private static List<List<String[]>> casedRuns(String sentence) {
        List<List<String[]>> runs = new ArrayList<>();
        List<String[]> run = new ArrayList<>();
        Matcher matcher = WORD.matcher(sentence);
        int previousEnd = -1;
        while (matcher.find()) {
            boolean adjacent = previousEnd >= 0 && sentence.substring(previousEnd, matcher.start()).isBlank();
            if (!adjacent && !run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
            String word = matcher.group().replace('’', '\'');
            run.add(new String[] {word, word.toLowerCase(Locale.ROOT)});
            previousEnd = matcher.end();
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    private static boolean usable(String word) {
        return word.length() >= 2 && word.length() <= 30 && !Stopwords.contains(word);
    }

    private static final class Group {
        final List<String> stems;
        final int firstPosition;
        final Map<String, Integer> forms = new LinkedHashMap<>();
        int count;

        Group(List<String> stems, int firstPosition) {
            this.stems = stems;
            this.firstPosition = firstPosition;
        }

        void add(String form) {
            forms.merge(form, 1, Integer::sum);
            count++;
        }

        double promise(Map<String, Integer> wordCounts) {
            double wordSupport = 0;
            for (String stem : stems) {
                wordSupport += wordCounts.getOrDefault(stem, 0);
            }
            return count * (1 + 0.5 * (stems.size() - 1)) + 0.1 * wordSupport / stems.size();
        }

        Candidate toCandidate() {
            String mostFrequent = forms.entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue())
                    .orElseThrow().getKey();
            return new Candidate(mostFrequent, stems, count, firstPosition);
        }
    }
}
