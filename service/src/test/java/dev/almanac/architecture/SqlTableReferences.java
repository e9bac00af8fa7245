package dev.almanac.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables a Java source file names in its SQL: the string literals and text blocks (never
 * comments or identifiers) are read, and every known table name that follows a keyword which
 * introduces a table ({@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE}, {@code TABLE},
 * {@code USING}, {@code COPY}, {@code EXISTS} …) counts. Dynamic names (built at run time) are not
 * seen; the tables a whole-database task walks (backup) are of that kind.
 */
final class SqlTableReferences {
    private static final Pattern TABLE_AFTER_KEYWORD = Pattern.compile(
            "\\b(?:from|join|into|update|table|using|copy|truncate|references)\\s+(?:only\\s+)?([a-z_][a-z0-9_]*)",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern SQL_STRING = Pattern.compile("'[^']*'");

    private SqlTableReferences() {}

    /** The known tables this source names in its SQL. */
    static Set<String> in(String javaSource, Set<String> knownTables) {
        Set<String> found = new TreeSet<>();
        for (String literal : stringLiterals(javaSource)) {
            // SQL's own string constants ('from files') are data, not table references
            Matcher m = TABLE_AFTER_KEYWORD.matcher(SQL_STRING.matcher(literal).replaceAll("''"));
            while (m.find()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                if (knownTables.contains(name)) found.add(name);
            }
        }
        return found;
    }

    /** The contents of every string literal and text block, with comments skipped. */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = endOf(source, "\n", i + 2);
            } else if (source.startsWith("/*", i)) {
                i = endOf(source, "*/", i + 2);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                if (end < 0) end = n;
                literals.add(source.substring(i + 3, end));
                i = end + 3;
            } else if (c == '"') {
                StringBuilder literal = new StringBuilder();
                i++;
                while (i < n && source.charAt(i) != '"' && source.charAt(i) != '\n') {
                    if (source.charAt(i) == '\\' && i + 1 < n) i++;
                    literal.append(source.charAt(i++));
                }
                literals.add(literal.toString());
                i++;
            } else if (c == '\'') {
                i = source.indexOf('\'', source.charAt(i + 1) == '\\' ? i + 3 : i + 2) + 1; // a char literal
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int endOf(String source, String terminator, int from) {
        int end = source.indexOf(terminator, from);
        return end < 0 ? source.length() : end + terminator.length();
    }
}
