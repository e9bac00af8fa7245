package dev.almanac.project;

import dev.almanac.web.ApiException;
import java.util.regex.Pattern;

/** Project ids are chosen by clients (or generated): a safe, URL-friendly alphabet, at most 128 chars. */
public final class ProjectIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ProjectIds() {}

    public static String requireValid(String id) {
        if (id == null || !VALID.matcher(id).matches()) {
            throw ApiException.invalidField("id",
                    "a project id is 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }
}
