package dev.almanac.file;

import java.util.regex.Pattern;

/**
 * The client's file name is metadata only (content is stored under a server-generated id), but it is
 * shown back in listings and in {@code Content-Disposition}, so it is cleaned on the way in: only
 * the last path segment, no control or bidirectional-override characters, at most 255 characters.
 */
final class FileNames {
    static final int MAX_LENGTH = 255;
    static final String FALLBACK = "file";
    // C0/C1 controls, and the bidi marks that let "evil\u202Etxt.exe" display as "evilexe.txt".
    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    private FileNames() {}

    static String clean(String clientName) {
        if (clientName == null) return FALLBACK;
        String name = UNSAFE.matcher(clientName).replaceAll("");
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1).strip();
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH));
        }
        return name.isEmpty() || name.equals(".") || name.equals("..") ? FALLBACK : name;
    }

    static boolean isValidBucket(String bucket) {
        return BUCKET.matcher(bucket).matches();
    }
}
