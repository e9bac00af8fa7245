package dev.almanac.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** The raw material: strings, numbers and timestamps that broke this service or services like it. */
final class HostileValues {
    private HostileValues() {}

    static final List<String> STRINGS = List.of(
            "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\udc00\ud800", "\uFEFF", "\uFFFF", "\u202Eevil", "😀",
            "%00", "%FF", "%ZZ%", "%", "%2F", "..%2F..%2F", "../../etc/passwd", "\\", "/", "//", ".", "..",
            "'; DROP TABLE projects; --", "' OR '1'='1", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}",
            "\r\nX-Injected: 1", "\r", "\n", "\t", " ", "", "null", "true", "[]", "{}", "NaN", "-0",
            "9".repeat(400), "a".repeat(5000), "é".repeat(3000), "1e400", "-1", "0",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "+294277-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "0000-00-00T00:00:00Z", "2026-13-45T25:61:61Z", "1970-01-01T00:00:00Z", "2026-01-01", "yesterday",
            "c3VyZT8=", "eyJpZCI6IlwwIn0", "eyJpZCI6MWU0MDB9", "!!!", "00000000-0000-0000-0000-000000000000");

    static final List<String> NUMBERS = List.of(
            "1e400", "-1e400", "1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999999999999999999999", "2147483648", "-2147483649", "-1", "0", "-0", "0.5", "1.5e308",
            "4.9e-324", "1" + "0".repeat(2000), "0x10", "1_000", "NaN", "Infinity", "+1", ".5", "1.", "01");

    /** Known-bad values, and generated strings that include every kind of character (surrogates and controls too). */
    static Arbitrary<String> strings() {
        Arbitrary<String> known = Arbitraries.of(STRINGS);
        Arbitrary<String> any = Arbitraries.strings().all().ofMinLength(0).ofMaxLength(24);
        Arbitrary<String> tricky = Arbitraries.strings().withChars("\u0000\ud800\udc00\r\n%\"\\{}[]/?#&=+.é aZ9").ofMinLength(1).ofMaxLength(16);
        return Arbitraries.oneOf(known, known, known, any, tricky);
    }

    static Arbitrary<String> numbers() {
        Arbitrary<String> known = Arbitraries.of(NUMBERS);
        Arbitrary<String> longs = Arbitraries.longs().map(l -> Long.toString(l));
        Arbitrary<String> big = Arbitraries.bigIntegers().between(
                java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30)).map(Object::toString);
        return Arbitraries.oneOf(known, known, known, longs, big);
    }
}
