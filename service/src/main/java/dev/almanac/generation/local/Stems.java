package dev.almanac.generation.local;

/**
 * A deliberately light English stemmer, only to tell that two tags are the same word:
 * "databases" ~ "database", "policies" ~ "policy", "indexes" ~ "index", "release" ~ "released".
 * A full Porter stemmer would also merge words a reader keeps apart ("general" ~ "generate").
 */
final class Stems {

    private Stems() {}

    static String of(String word) {
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.length() > 4 && (w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("sses"))) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            w = w.substring(0, w.length() - 3);
        } else if (w.length() > 4 && w.endsWith("ed")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }
}
