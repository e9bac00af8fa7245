package dev.almanac.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into pieces the embedding model can read whole (MiniLM stops at ~256 word pieces,
 * about 150 English words). Pieces overlap a little so a sentence cut at a border is still seen
 * whole once; a project's semantic score is the score of its best piece.
 */
final class Chunker {
    static final int WORDS_PER_CHUNK = 120;
    static final int OVERLAP = 20;
    static final int MAX_CHUNKS = 16;

    private Chunker() {}

    static List<String> chunks(String text) {
        String[] words = text.trim().split("\\s+");
        List<String> out = new ArrayList<>();
        if (words.length == 0 || words[0].isEmpty()) return List.of(text);
        for (int from = 0; from < words.length && out.size() < MAX_CHUNKS; from += WORDS_PER_CHUNK - OVERLAP) {
            int to = Math.min(words.length, from + WORDS_PER_CHUNK);
            out.add(String.join(" ", java.util.Arrays.copyOfRange(words, from, to)));
            if (to == words.length) break;
        }
        return out;
    }
}
