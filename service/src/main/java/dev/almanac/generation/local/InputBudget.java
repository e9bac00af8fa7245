package dev.almanac.generation.local;

/** Cuts a document to the character budget, at a sentence end or a space when one is near. */
final class InputBudget {

    private InputBudget() {}

    static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int floor = maxChars * 4 / 5;
        for (int i = maxChars - 1; i >= floor; i--) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(text.charAt(i + 1))) {
                return text.substring(0, i + 1);
            }
        }
        for (int i = maxChars; i >= floor; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return text.substring(0, i);
            }
        }
        return text.substring(0, maxChars);
    }
}
