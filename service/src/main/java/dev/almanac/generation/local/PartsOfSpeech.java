package dev.almanac.generation.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTagFormat;
import opennlp.tools.postag.POSTaggerME;

/**
 * Part-of-speech tags (Universal Dependencies: NOUN, PROPN, ADJ, VERB, …) from OpenNLP's English
 * model, which ships inside the Maven artifact {@code opennlp-models-pos-en}: nothing is fetched at
 * run time. The model loads once per JVM, on first use; a tagger is not thread-safe, so each thread
 * has its own.
 */
final class PartsOfSpeech {
    private static final String MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";
    private static volatile POSModel model;
    private static final ThreadLocal<POSTaggerME> TAGGER =
            ThreadLocal.withInitial(() -> new POSTaggerME(model(), POSTagFormat.UD));

    private PartsOfSpeech() {}

    /** One tag per token, in order. */
    static String[] tag(List<String> tokens) {
        return TAGGER.get().tag(tokens.toArray(String[]::new));
    }

    /**
     * The model reads some present-tense verbs as plural nouns ("the program renders vector
     * graphics", "sox supports many formats", "fixes several leaks"). A word in -s tagged as a noun
     * is taken for a verb when a determiner, pronoun or number follows it, or when it stands between
     * a noun (or "and") and another noun or adjective — where a plural noun rarely stands.
     */
    static void fixThirdPersonVerbs(List<String> words, String[] tags) {
        for (int i = 0; i + 1 < tags.length; i++) {
            String word = words.get(i);
            if (!tags[i].equals("NOUN") || !word.endsWith("s") || word.endsWith("ss") || word.length() < 4) continue;
            String next = tags[i + 1];
            String previous = i == 0 ? "" : tags[i - 1];
            boolean object = next.equals("DET") || next.equals("PRON") || next.equals("NUM");
            boolean between = (isNoun(previous) || previous.equals("CCONJ") || previous.equals("PRON"))
                    && (isNoun(next) || next.equals("ADJ"));
            if (object || between) tags[i] = "VERB";
        }
    }

    static boolean isNoun(String tag) {
        return tag.equals("NOUN") || tag.equals("PROPN");
    }

    /** May stand inside a noun phrase before its head noun: adjectives, nouns, numbers ("http 2"). */
    static boolean isModifier(String tag) {
        return isNoun(tag) || tag.equals("ADJ");
    }

    private static POSModel model() {
        POSModel m = model;
        if (m == null) {
            synchronized (PartsOfSpeech.class) {
                if (model == null) {
                    try (InputStream in = PartsOfSpeech.class.getResourceAsStream(MODEL)) {
                        if (in == null) throw new IllegalStateException("POS model " + MODEL + " is not on the classpath");
                        model = new POSModel(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                m = model;
            }
        }
        return m;
    }
}
