package dev.almanac.file;

import dev.almanac.database.Schema;
import dev.almanac.project.Projects;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One archive (POSIX tar) holding a consistent copy of the database and the file store:
 * {@code db/NNN-<table>.copy} (PostgreSQL COPY text format), {@code files/<path>}, and {@code manifest.json}
 * last (schema version, tables in load order with columns and row counts, files with SHA-256).
 *
 * <p>Why not pg_dump: the embedded distribution ships only initdb, pg_ctl and postgres. Instead every
 * table is copied inside one REPEATABLE READ, read-only transaction, so the dump is one snapshot; the
 * files copied are exactly those its {@code files} rows name, each checked against its SHA-256. A
 * deletion committed after the snapshot would remove content the dump still references, so this
 * process holds content deletions back while it runs ({@link FileStore#backupStarted}); another
 * process deleting meanwhile (a second instance on a shared database) makes the backup fail the
 * checksum check rather than be silently incomplete.
 *
 * <p>Left out on purpose: {@code flyway_schema_history} (the restoring service creates the schema) and
 * the outbox with its checkpoints: outbox positions are transaction ids of the source cluster and mean
 * nothing in another; the restored service rebuilds its search index from the tables instead.
 */
@Component
public class Backups {
    static final int FORMAT = 1;
    private static final List<String> SKIPPED = List.of("flyway_schema_history", "outbox", "outbox_checkpoints", "outbox_pruned");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DataSource dataSource;
    private final FileStore store;
    private final Projects projects;
    private final FileRepository files;

    Backups(DataSource dataSource, FileStore store, Projects projects, FileRepository files) {
        this.dataSource = dataSource;
        this.store = store;
        this.projects = projects;
        this.files = files;
    }

    public record Summary(Path archive, int tables, long rows, long files, long fileBytes) {}

    /** Thrown when a backup or restore cannot be completed; the message says why, for the operator. */
    public static final class BackupException extends RuntimeException {
        BackupException(String message) {
            super(message);
        }
    }

    public Summary backup(Path archive) {
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        store.backupStarted();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                Summary summary = write(c, partial);
                Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                FileStore.fsyncDirectory(archive.toAbsolutePath().getParent());
                return new Summary(archive, summary.tables(), summary.rows(), summary.files(), summary.fileBytes());
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new BackupException("database: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            store.backupEnded();
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private Summary write(Connection c, Path partial) throws SQLException, IOException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        String schemaVersion = Schema.version(c);
        List<Schema.Table> tables = Schema.tablesInLoadOrder(c, SKIPPED);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("created_at", Instant.now().toString());
        manifest.put("schema_version", schemaVersion);
        var tableList = manifest.putArray("tables");
        var fileList = manifest.putArray("files");
        long rows = 0, files = 0, bytes = 0;
        Path scratch = Files.createTempFile(partial.toAbsolutePath().getParent(), "table-", ".copy");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(partial))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            int n = 0;
            for (Schema.Table table : tables) {
                long count;
                try (OutputStream out = Files.newOutputStream(scratch)) {
                    count = copy.copyOut("COPY (SELECT " + table.columnList() + " FROM " + table.quotedName() + ") TO STDOUT", out);
                }
                String entry = "db/%03d-%s.copy".formatted(n++, table.name());
                addFile(tar, entry, scratch);
                ObjectNode t = tableList.addObject();
                t.put("name", table.name());
                t.put("entry", entry);
                t.put("rows", count);
                var columns = t.putArray("columns");
                table.columns().forEach(columns::add);
                rows += count;
            }
            if (tables.stream().anyMatch(t -> t.name().equals("files"))) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT path, checksum_sha256, size_bytes FROM files ORDER BY path")) {
                    while (rs.next()) {
                        String path = rs.getString(1);
                        addContent(tar, path, rs.getString(2), rs.getLong(3));
                        ObjectNode f = fileList.addObject();
                        f.put("path", path);
                        f.put("sha256", rs.getString(2));
                        files++;
                        bytes += rs.getLong(3);
                    }
                }
            }
            byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
            TarArchiveEntry entry = new TarArchiveEntry("manifest.json");
            entry.setSize(manifestBytes.length);
            tar.putArchiveEntry(entry);
            tar.write(manifestBytes);
            tar.closeArchiveEntry();
            tar.finish();
        } finally {
            Files.deleteIfExists(scratch);
        }
        try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return new Summary(partial, tables.size(), rows, files, bytes);
    }

    private void addContent(TarArchiveOutputStream tar, String relative, String sha256, long size) throws IOException {
        Path source = store.resolve(relative);
        if (!Files.isRegularFile(source) || Files.size(source) != size) {
            throw new BackupException("content of " + relative + " is missing or has the wrong size; run `files reconcile`");
        }
        TarArchiveEntry entry = new TarArchiveEntry("files/" + relative);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        MessageDigest digest = FileStore.digest("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
        if (!HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
            throw new BackupException("content of " + relative + " does not match its SHA-256; run `files reconcile --checksums`");
        }
    }

    private static void addFile(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(file));
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    /**
     * Restores an archive into this (new, empty) installation: refuses if any project, file or stored
     * content exists, or if the schema versions differ. Tables are replaced in one transaction; content
     * is written under the file store and checked against the manifest's SHA-256.
     */
    public Summary restore(Path archive) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory(store.root().resolve(FileStore.TEMP_DIR), "restore-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = dataSource.getConnection()) {
            requireEmpty();
            Map<String, String> contentHashes = new LinkedHashMap<>();
            JsonNode manifest = unpack(archive, scratch, contentHashes);
            if (manifest == null) throw new BackupException(archive + " has no manifest.json: not an Almanac backup, or cut short");
            if (manifest.get("format").asInt() != FORMAT) throw new BackupException("unknown backup format " + manifest.get("format"));
            String version = Schema.version(c);
            if (!version.equals(manifest.get("schema_version").asString())) {
                throw new BackupException("the backup has schema version " + manifest.get("schema_version").asString()
                        + ", this installation " + version + ": restore with the Almanac release that wrote it");
            }
            for (JsonNode f : manifest.get("files")) {
                String expected = f.get("sha256").asString();
                if (!expected.equals(contentHashes.get(f.get("path").asString()))) {
                    throw new BackupException("content " + f.get("path").asString() + " is missing from the archive or damaged");
                }
            }
            long rows = load(c, manifest, scratch);
            long files = 0, bytes = 0;
            for (JsonNode f : manifest.get("files")) {
                String relative = f.get("path").asString();
                Path target = store.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.move(scratch.resolve("files").resolve(relative), target, StandardCopyOption.ATOMIC_MOVE);
                FileStore.fsyncDirectory(target.getParent());
                files++;
                bytes += Files.size(target);
            }
            return new Summary(archive, manifest.get("tables").size(), rows, files, bytes);
        } catch (SQLException e) {
            throw new BackupException("database: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(scratch);
        }
    }

    private void requireEmpty() throws IOException {
        if (projects.anyRegistered() || files.anyStored()) {
            throw new BackupException("this installation already holds projects or files: restore into a new, empty data directory (or database)");
        }
        try (var walk = Files.walk(store.root())) {
            if (walk.anyMatch(p -> Files.isRegularFile(p) && !p.startsWith(store.root().resolve(FileStore.TEMP_DIR)))) {
                throw new BackupException("the file store " + store.root() + " is not empty: restore into a new, empty data directory");
            }
        }
    }

    /** Unpacks db entries and content into {@code scratch}, hashing content; returns the manifest. */
    private static JsonNode unpack(Path archive, Path scratch, Map<String, String> contentHashes) throws IOException {
        JsonNode manifest = null;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) continue;
                String name = entry.getName();
                if (name.equals("manifest.json")) {
                    manifest = JSON.readTree(tar.readAllBytes());
                    continue;
                }
                Path target = scratch.resolve(name).normalize();
                if (!target.startsWith(scratch) || !(name.startsWith("db/") || name.startsWith("files/"))) {
                    throw new BackupException("unexpected entry in the archive: " + name);
                }
                Files.createDirectories(target.getParent());
                MessageDigest digest = FileStore.digest("SHA-256");
                try (OutputStream out = Files.newOutputStream(target)) {
                    new DigestInputStream(tar, digest).transferTo(out);
                }
                if (name.startsWith("files/")) {
                    try (var channel = java.nio.channels.FileChannel.open(target, java.nio.file.StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                    contentHashes.put(name.substring("files/".length()), HexFormat.of().formatHex(digest.digest()));
                }
            }
        }
        return manifest;
    }

    private static long load(Connection c, JsonNode manifest, Path scratch) throws SQLException, IOException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            List<String> names = new ArrayList<>();
            manifest.get("tables").forEach(t -> names.add(Schema.quote(t.get("name").asString())));
            try (var st = c.createStatement()) {
                // the bootstrap rows of the fresh installation (tenant default, its admin key) give way to the backup's
                st.execute("TRUNCATE " + String.join(", ", names) + " CASCADE");
            }
            long rows = 0;
            for (JsonNode t : manifest.get("tables")) {
                List<String> columns = new ArrayList<>();
                t.get("columns").forEach(col -> columns.add(Schema.quote(col.asString())));
                try (InputStream in = Files.newInputStream(scratch.resolve(t.get("entry").asString()))) {
                    long loaded = copy.copyIn("COPY " + Schema.quote(t.get("name").asString()) + " (" + String.join(", ", columns)
                            + ") FROM STDIN", in);
                    if (loaded != t.get("rows").asLong()) {
                        throw new BackupException("table " + t.get("name").asString() + ": " + loaded + " rows loaded, "
                                + t.get("rows").asLong() + " in the backup");
                    }
                    rows += loaded;
                }
            }
            Schema.resetSequences(c);
            c.commit();
            return rows;
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left for reconciliation (temp files)
                }
            });
        } catch (IOException ignored) {
            // nothing to delete
        }
    }
}
