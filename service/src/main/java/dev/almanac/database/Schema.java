package dev.almanac.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalogue questions a whole-database task (backup, restore) asks of the current schema: the
 * migration version, tables, columns, load order, sequences. Table names come from the catalogue at
 * run time, never from other modules' code.
 */
public final class Schema {
    private Schema() {}

    public record Table(String name, List<String> columns) {
        public String quotedName() {
            return quote(name);
        }

        public String columnList() {
            return String.join(", ", columns.stream().map(Schema::quote).toList());
        }
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String version(Connection c) throws SQLException {
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "none";
        }
    }

    /** Ordinary tables of the current schema (generated columns left out), referenced tables before referencing ones. */
    public static List<Table> tablesInLoadOrder(Connection c, List<String> skipped) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (var ps = c.prepareStatement("""
                SELECT cl.relname, a.attname FROM pg_class cl
                JOIN pg_namespace n ON n.oid = cl.relnamespace
                JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                WHERE n.nspname = current_schema() AND cl.relkind = 'r' AND NOT cl.relispartition
                ORDER BY cl.relname, a.attnum""");
                var rs = ps.executeQuery()) {
            while (rs.next()) {
                if (skipped.contains(rs.getString(1))) continue;
                columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        Map<String, Set<String>> parents = new HashMap<>();
        try (var ps = c.prepareStatement("""
                SELECT child.relname, parent.relname FROM pg_constraint co
                JOIN pg_class child ON child.oid = co.conrelid
                JOIN pg_class parent ON parent.oid = co.confrelid
                JOIN pg_namespace n ON n.oid = child.relnamespace
                WHERE co.contype = 'f' AND n.nspname = current_schema()""");
                var rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!rs.getString(1).equals(rs.getString(2))) {
                    parents.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        List<Table> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (placed.size() < columns.size()) {
            boolean progress = false;
            for (var e : columns.entrySet()) {
                if (placed.contains(e.getKey())) continue;
                Set<String> needs = parents.getOrDefault(e.getKey(), Set.of());
                if (needs.stream().allMatch(p -> placed.contains(p) || !columns.containsKey(p))) {
                    ordered.add(new Table(e.getKey(), e.getValue()));
                    placed.add(e.getKey());
                    progress = true;
                }
            }
            if (!progress) throw new IllegalStateException("foreign keys form a cycle; cannot order " + columns.keySet());
        }
        return ordered;
    }

    /** After loading rows with their ids, every serial/identity sequence continues after the largest id. */
    public static void resetSequences(Connection c) throws SQLException {
        List<String[]> serials = new ArrayList<>();
        try (var ps = c.prepareStatement("""
                SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name)
                FROM information_schema.columns
                WHERE table_schema = current_schema()
                  AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL""");
                var rs = ps.executeQuery()) {
            while (rs.next()) serials.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        }
        for (String[] s : serials) {
            try (var ps = c.prepareStatement("SELECT setval(?, coalesce((SELECT max(" + quote(s[1]) + ") FROM "
                    + quote(s[0]) + "), 0) + 1, false)")) {
                ps.setString(1, s[2]);
                ps.execute();
            }
        }
    }
}
