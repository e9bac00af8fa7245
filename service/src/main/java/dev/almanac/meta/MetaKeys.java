package dev.almanac.meta;

import dev.almanac.web.ApiException;
import java.util.regex.Pattern;

final class MetaKeys {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private MetaKeys() {}

    static String requireValid(String key) {
        if (key == null || !VALID.matcher(key).matches()) {
            throw ApiException.invalidField("key",
                    "a metadata key is 1-128 characters of letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
        }
        return key;
    }
}
