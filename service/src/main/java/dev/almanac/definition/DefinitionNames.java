package dev.almanac.definition;

import dev.almanac.web.ApiException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Types and names become URL segments, cache keys and file names ({@code <dir>/<type>/<name>.yaml}),
 * so both are restricted to a charset that is safe in all three: no slash, no backslash, no leading
 * dot (so never {@code .} or {@code ..}), nothing a shell or a file system treats specially.
 */
final class DefinitionNames {
    static final int MAX_TYPE = 64;
    static final int MAX_NAME = 128;
    static final int MAX_TAGS = 32;
    static final int MAX_TAG = 64;
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0," + (MAX_TYPE - 1) + "}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0," + (MAX_NAME - 1) + "}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_.:/ -]{1," + MAX_TAG + "}");

    private DefinitionNames() {}

    static boolean isValidType(String type) {
        return type != null && TYPE.matcher(type).matches();
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static String requireType(String type) {
        if (!isValidType(type)) {
            throw ApiException.invalidField("type", "1-" + MAX_TYPE
                    + " characters: lower-case letters, digits, '_' and '-', starting with a letter");
        }
        return type;
    }

    static String requireName(String name) {
        if (!isValidName(name)) {
            throw ApiException.invalidField("name", "1-" + MAX_NAME
                    + " characters: letters, digits, '_', '-' and '.', starting with a letter or digit");
        }
        return name;
    }

    static List<String> requireTags(List<String> tags) {
        if (tags == null) return List.of();
        if (tags.size() > MAX_TAGS) throw ApiException.invalidField("tags", "at most " + MAX_TAGS + " tags");
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw ApiException.invalidField("tags", "each tag is 1-" + MAX_TAG
                        + " characters: letters, digits, space, '_', '.', ':', '/' and '-'");
            }
        }
        return tags.stream().distinct().sorted().toList();
    }
}
