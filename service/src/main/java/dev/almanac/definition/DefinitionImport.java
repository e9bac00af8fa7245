package dev.almanac.definition;

import dev.almanac.web.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a directory of definition files ({@code <dir>/<type>/<name>.yaml|.yml|.json}) into a
 * tenant's database, as a plan first and then, unless refused, in one transaction.
 *
 * <p>Drift: an exported file records the version and checksum the database held at export. If the
 * database has moved on since (another version, another checksum) and its data differs from the
 * file's, both sides changed: the import refuses that definition unless forced, rather than silently
 * overwrite someone's change. A hand-written file without the header cannot prove it is newer, so it
 * may only create, or overwrite when forced.
 */
@Service
public class DefinitionImport {
    private final DefinitionRepository repository;
    private final Definitions definitions;

    DefinitionImport(DefinitionRepository repository, Definitions definitions) {
        this.repository = repository;
        this.definitions = definitions;
    }

    public enum Action { CREATE, UPDATE, UNCHANGED, CONFLICT }

    /** {@code databaseVersion}: what the database held when planned, null if nothing. */
    public record Item(String type, String name, Action action, String reason, Long databaseVersion, DefinitionFile file) {
        public String key() {
            return type + "/" + name;
        }
    }

    public record Plan(List<Item> items) {
        public long count(Action action) {
            return items.stream().filter(i -> i.action() == action).count();
        }
    }

    /** Reads the files and compares them with the database; changes nothing. */
    @Transactional(readOnly = true)
    public Plan plan(String tenantId, Path dir) throws IOException {
        List<Item> items = new ArrayList<>();
        for (DefinitionFile file : read(dir)) items.add(compare(tenantId, file));
        return new Plan(items);
    }

    /**
     * Applies the plan's creates and updates (and, with {@code force}, its conflicts as updates) in one
     * transaction, re-checking each definition under its row lock; a refusal or validation error rolls
     * everything back.
     */
    @Transactional
    public Plan apply(Caller caller, Path dir, boolean force) throws IOException {
        Plan plan = plan(caller.tenantId(), dir);
        if (!force && plan.count(Action.CONFLICT) > 0) return plan;
        for (Item item : plan.items()) {
            if (item.action() == Action.UNCHANGED) continue;
            DefinitionFile f = item.file();
            var header = f.header();
            long version = header == null ? 1 : Math.max(1, header.version());
            List<String> tags = header == null ? List.of() : header.tags();
            boolean active = header == null || header.isActive();
            // Not forced: write only if the row is still as planned (another writer gets us a 412 and a rollback).
            var precondition = force ? Definitions.Precondition.NONE
                    : new Definitions.Precondition(item.databaseVersion(), item.action() == Action.CREATE);
            definitions.write(caller, new Definitions.Write(f.type(), f.name(), f.data(), tags, active,
                    Definitions.Kind.IMPORT, version), precondition);
        }
        return plan;
    }

    private Item compare(String tenantId, DefinitionFile f) {
        Definition db = repository.find(tenantId, f.type(), f.name()).orElse(null);
        var h = f.header();
        if (db == null) return new Item(f.type(), f.name(), Action.CREATE, null, null, f);
        String checksum = CanonicalJson.checksum(f.data());
        boolean active = h == null || h.isActive();
        List<String> tags = DefinitionNames.requireTags(h == null ? List.of() : h.tags());
        if (db.checksum().equals(checksum) && db.isActive() == active && db.tags().equals(tags)) {
            return new Item(f.type(), f.name(), Action.UNCHANGED, null, db.version(), f);
        }
        if (h == null) {
            return new Item(f.type(), f.name(), Action.CONFLICT, "the file has no export header, so it cannot show it is "
                    + "based on the database's version " + db.version() + " (checksum " + db.checksum() + ")", db.version(), f);
        }
        if (db.version() == h.version() && db.checksum().equals(h.checksum())) {
            return new Item(f.type(), f.name(), Action.UPDATE, "version " + db.version() + " -> " + (db.version() + 1), db.version(), f);
        }
        return new Item(f.type(), f.name(), Action.CONFLICT, "changed in the database since it was exported: exported "
                + "version " + h.version() + " (checksum " + h.checksum() + "), the database now has version "
                + db.version() + " (checksum " + db.checksum() + ")", db.version(), f);
    }

    /** Schemas first, so that the definitions they validate are checked against the imported schema. */
    static List<DefinitionFile> read(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) throw new IOException(root + " is not a directory");
        List<DefinitionFile> result = new ArrayList<>();
        List<Path> typeDirs;
        try (Stream<Path> s = Files.list(root)) {
            typeDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        for (Path typeDir : typeDirs) {
            String type = typeDir.getFileName().toString();
            if (!DefinitionNames.isValidType(type)) throw new IOException(typeDir + ": '" + type + "' is not a valid type name");
            List<Path> files;
            try (Stream<Path> s = Files.list(typeDir)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            }
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                int dot = fileName.lastIndexOf('.');
                if (dot <= 0 || !DefinitionFile.EXTENSIONS.contains(fileName.substring(dot + 1))) {
                    throw new IOException(file + ": not a .yaml, .yml or .json file");
                }
                String name = fileName.substring(0, dot);
                if (!DefinitionNames.isValidName(name)) throw new IOException(file + ": '" + name + "' is not a valid name");
                result.add(DefinitionFile.read(file, type, name));
            }
        }
        result.sort(Comparator.comparing((DefinitionFile f) -> !f.type().equals(TypeSchemas.SCHEMA_TYPE))
                .thenComparing(DefinitionFile::type).thenComparing(DefinitionFile::name));
        for (int i = 1; i < result.size(); i++) {
            if (result.get(i).type().equals(result.get(i - 1).type()) && result.get(i).name().equals(result.get(i - 1).name())) {
                throw new IOException("two files hold " + result.get(i).type() + "/" + result.get(i).name()
                        + " (with different extensions); keep one");
            }
        }
        return result;
    }
}
