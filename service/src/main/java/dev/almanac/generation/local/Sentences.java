package dev.almanac.generation.local;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a document into sentences. Real documents are not clean prose: blank lines, bullets and
 * headings end a "sentence" even without a full stop, so text is first cut into blocks at those,
 * and {@link BreakIterator} only runs inside a block (with its line breaks turned into spaces).
 */
final class Sentences {

    /** A line that starts a new block: blank, a bullet, a numbered item, a heading, a rule. */
    private static final Pattern BLOCK_START = Pattern.compile(
            "^\\s*$|^\\s*([-*+•#>|=~]|\\d{1,3}[.)]\\s)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern CODE_FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1[^\\n]*$");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\]\\n]{1,200})\\](\\([^)\\s]*\\)|\\[[^\\]\\n]*\\])");
    private static final Pattern URL = Pattern.compile("\\b(https?|ftp)://\\S+|<[^>\\s]+@[^>\\s]+>");
    private static final Pattern EMPHASIS = Pattern.compile("`+|\\*\\*|__");
    private static final Pattern BULLET = Pattern.compile("^([-*+•#>|=~]+|\\d{1,3}[.)])\\s*");

    private Sentences() {}

    /** Every sentence-like piece of text, whitespace collapsed, in document order. */
    static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        String prose = withoutMarkup(text);
        // a document that is all code still deserves tags: then read the code as it is
        String source = WHITESPACE.split(prose.strip()).length >= 20 ? prose : text;
        for (String block : blocks(source)) {
            BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ENGLISH);
            iterator.setText(block);
            int start = iterator.first();
            for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
                String sentence = block.substring(start, end).strip();
                if (!sentence.isEmpty()) {
                    sentences.add(sentence);
                }
            }
        }
        return sentences;
    }

    /**
     * Drops what is not prose: fenced code blocks, URLs, Markdown link targets and emphasis marks.
     * Code is the usual noise in technical documents; left in, it becomes tags like "const x".
     */
    static String withoutMarkup(String text) {
        String prose = CODE_FENCE.matcher(text).replaceAll("\n\n");
        prose = MARKDOWN_LINK.matcher(prose).replaceAll("$1");
        prose = URL.matcher(prose).replaceAll(" ");
        return EMPHASIS.matcher(prose).replaceAll("");
    }

    private static List<String> blocks(String text) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (BLOCK_START.matcher(line).find()) {
                flush(current, blocks);
                line = BULLET.matcher(line.strip()).replaceFirst("");
            }
            current.append(line).append(' ');
        }
        flush(current, blocks);
        return blocks;
    }

    private static void flush(StringBuilder current, List<String> blocks) {
        String block = WHITESPACE.matcher(current).replaceAll(" ").strip();
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        current.setLength(0);
    }

    /**
     * Where a piece of {@link #split}'s output lies in the text it came from, looking from
     * {@code from} on: {@code [start, end)} from its first word to its last, or null when its words
     * are not all there in order (or spread much wider than the piece). The piece's words are
     * matched without the punctuation around them, since markup was taken out between them.
     */
    static int[] locate(String text, String piece, int from) {
        int start = -1;
        int at = from;
        for (String word : WHITESPACE.split(piece.strip())) {
            String core = core(word);
            if (core.isEmpty()) continue;
            int found = text.indexOf(core, at);
            if (found < 0) return null;
            if (start < 0) start = found;
            at = found + core.length();
        }
        return start < 0 || at - start > 2 * piece.length() + 40 ? null : new int[] {start, at};
    }

    /** A word without the punctuation before and after it. */
    private static String core(String word) {
        int start = 0;
        int end = word.length();
        while (start < end && !Character.isLetterOrDigit(word.charAt(start))) start++;
        while (end > start && !Character.isLetterOrDigit(word.charAt(end - 1))) end--;
        return word.substring(start, end);
    }

    /**
     * Whether a sentence reads as prose worth quoting in a summary: ends like a sentence, has a
     * few words, and is mostly letters (not code, tables, paths or version lists).
     */
    static boolean isProse(String sentence) {
        char last = sentence.charAt(sentence.length() - 1);
        if (last != '.' && last != '!' && last != '?' && last != '"' && last != ')') {
            return false;
        }
        int words = WHITESPACE.split(sentence).length;
        if (words < 6 || words > 60) {
            return false;
        }
        long letters = sentence.chars().filter(Character::isLetter).count();
        long spaces = sentence.chars().filter(c -> c == ' ').count();
        return letters + spaces >= 0.85 * sentence.length();
    }
}
