package dev.almanac.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {"items": [...], "next_cursor": "..."}}. Cursors are opaque keys. */
public record Page<T>(List<T> items, String nextCursor) {

    /** Builds a page from a query that fetched {@code limit + 1} rows: the extra row only says "there is more". */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> keyOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), encode(keyOf.apply(items.getLast())));
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) return null;
        try {
            String key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor)))
                    .toString();
            if (key.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL in cursor");
            return key;
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw ApiException.invalidField("cursor", "not a cursor returned by this API");
        }
    }
}
