package dev.almanac.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.OwnsTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Modules talk through each other's Java API or events, never through each other's tables: each
 * module's {@code package-info.java} declares the tables it owns ({@link OwnsTables}), every table
 * the migrations create has exactly one owner, and the SQL in a module names only its own tables.
 */
class TableOwnershipTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/almanac");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern CREATE_TABLE = Pattern.compile("create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)",
            Pattern.CASE_INSENSITIVE);
    /** Created by Flyway itself rather than by a migration. */
    private static final String FLYWAY_HISTORY = "flyway_schema_history";

    @Test
    void everyTableHasExactlyOneOwningModule() throws IOException {
        Map<String, List<String>> owners = new TreeMap<>();
        owners().forEach((module, tables) -> tables.forEach(t -> owners.computeIfAbsent(t, k -> new ArrayList<>()).add(module)));
        Set<String> created = createdTables();

        assertThat(created).as("tables the migrations create").isNotEmpty();
        for (String table : created) {
            assertThat(owners.get(table)).as("modules declaring @OwnsTables(\"%s\")", table).hasSize(1);
        }
        assertThat(owners.keySet()).as("owned tables that no migration creates").isSubsetOf(created);
    }

    @Test
    void theSqlOfEachModuleNamesOnlyTheTablesItOwns() throws IOException {
        Set<String> known = createdTables();
        Map<String, Set<String>> owned = owners();
        List<String> breaches = new ArrayList<>();
        for (String module : modules()) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(module))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String table : SqlTableReferences.in(Files.readString(file), known)) {
                        if (!owned.getOrDefault(module, Set.of()).contains(table)) {
                            breaches.add(SOURCES.relativize(file) + " names table " + table + ", owned by "
                                    + ownerOf(table, owned) + ": go through that module's API or follow its events");
                        }
                    }
                }
            }
        }
        assertThat(breaches).isEmpty();
    }

    /** The scanner must see what it is there to see, and nothing in comments. */
    @Test
    void theScannerFindsTablesInSqlAndNotInComments() {
        String source = """
                class Sneaky {
                    // SELECT * FROM files  (a comment: not SQL)
                    /* UPDATE projects SET x = 1 */
                    String a = "SELECT count(*) FROM projects p JOIN project_meta m ON m.project_id = p.id";
                    String b = \"""
                            DELETE FROM meta_rejections r USING tenants t
                            WHERE r.tenant_id = t.id\""";
                    char quote = '"';
                    String c = "INSERT INTO outbox (a) VALUES ('from files')";
                }
                """;
        Set<String> known = Set.of("projects", "project_meta", "meta_rejections", "tenants", "outbox", "files");
        assertThat(SqlTableReferences.in(source, known))
                .containsExactlyInAnyOrder("projects", "project_meta", "meta_rejections", "tenants", "outbox");
    }

    private static Set<String> createdTables() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = CREATE_TABLE.matcher(Files.readString(f));
                while (m.find()) tables.add(m.group(1).toLowerCase());
            }
        }
        tables.add(FLYWAY_HISTORY);
        return tables;
    }

    private static List<String> modules() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, Set<String>> owners() throws IOException {
        Map<String, Set<String>> owners = new TreeMap<>();
        for (String module : modules()) {
            try {
                OwnsTables owns = Class.forName("dev.almanac." + module + ".package-info").getAnnotation(OwnsTables.class);
                if (owns != null) owners.put(module, Set.of(owns.value()));
            } catch (ClassNotFoundException e) {
                // a module without package-info owns nothing (ModularityTest's concern is its dependencies)
            }
        }
        return owners;
    }

    private static String ownerOf(String table, Map<String, Set<String>> owned) {
        return owned.entrySet().stream().filter(e -> e.getValue().contains(table)).map(Map.Entry::getKey)
                .findFirst().orElse("no module");
    }
}
