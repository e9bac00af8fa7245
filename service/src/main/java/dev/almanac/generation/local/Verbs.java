package dev.almanac.generation.local;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Without a part-of-speech tagger, "net income came" and "gzip produces" would be candidate tags.
 * A tag is a name for a thing, so a phrase may not start or end with a common verb, nor end with
 * a past participle ("margin widened"). Verbs that are just as often nouns ("release", "report",
 * "update", "test", "build", "call", "start", "offer") are left out on purpose.
 */
final class Verbs {

    private Verbs() {}

    static boolean isVerb(String word) {
        return FORMS.contains(word);
    }

    /** "-ed" words of some length are past tenses or participles far more often than nouns. */
    static boolean looksPastTense(String word) {
        return word.length() > 4 && word.endsWith("ed") && !word.endsWith("eed");
    }

    private static final List<String> LEMMAS = List.of(
            "accept", "achieve", "add", "allow", "appear", "apply", "ask", "avoid", "begin", "believe", "bring",
            "carry", "cause", "choose", "come", "complete", "consider", "contain", "continue", "create",
            "decide", "define", "describe", "determine", "drive", "enable", "ensure", "enter", "explain",
            "fall", "feel", "find", "follow", "happen", "hold", "improve", "include", "inform",
            "introduce", "invest", "keep", "know", "learn", "leave", "let", "lose", "meet", "move",
            "obtain", "occur", "pass", "perform", "prevent", "produce",
            "provide", "raise", "reach", "read", "receive", "reduce", "refer", "remain", "remove", "replace",
            "require", "reveal", "rise", "run", "seem", "send", "serve", "show", "start",
            "stay", "stop", "submit", "suggest", "tell", "tend", "think", "try", "turn", "understand", "wait",
            "walk", "widen", "win", "write", "yield");

    private static final List<String> IRREGULAR = List.of(
            "became", "began", "begun", "brought", "came", "chose", "chosen", "did", "drove", "driven", "fell",
            "fallen", "felt", "found", "gave", "got", "gotten", "held", "kept", "knew", "known", "led",
            "lost", "made", "meant", "met", "paid", "ran", "rose", "risen", "sent", "shown", "spent", "stood",
            "taken", "told", "took", "thought", "understood", "went", "won", "wrote", "written");

    private static final Set<String> FORMS = forms();

    private static Set<String> forms() {
        Set<String> forms = new HashSet<>(IRREGULAR);
        for (String lemma : LEMMAS) {
            forms.add(lemma);
            boolean sibilant = lemma.endsWith("s") || lemma.endsWith("sh") || lemma.endsWith("ch") || lemma.endsWith("x");
            forms.add(lemma.endsWith("y") && !lemma.endsWith("ay") ? lemma.substring(0, lemma.length() - 1) + "ies"
                    : sibilant ? lemma + "es" : lemma + "s");
            forms.add(lemma.endsWith("e") ? lemma + "d" : lemma + "ed");
        }
        return Set.copyOf(forms);
    }
}
