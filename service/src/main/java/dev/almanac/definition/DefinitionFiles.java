package dev.almanac.definition;

import dev.almanac.config.AlmanacProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last link of the fallback chain: definition files on disk under {@code almanac.definitions.dir}
 * (default {@code <data dir>/definitions}), shared by every tenant. Read on each lookup — files are
 * the slow, rare path, and this way an edited file is seen at once without a watcher.
 */
@Component
class DefinitionFiles {
    private static final Logger log = LoggerFactory.getLogger(DefinitionFiles.class);
    private final Path dir;

    DefinitionFiles(DefinitionSettings settings, AlmanacProperties properties) {
        this.dir = settings.dirOr(properties.data().dir()).toAbsolutePath().normalize();
    }

    Definition find(String type, String name) {
        Path typeDir = typeDir(type);
        if (typeDir == null || !DefinitionNames.isValidName(name)) return null;
        for (String ext : DefinitionFile.EXTENSIONS) {
            Path file = inside(typeDir.resolve(name + "." + ext));
            if (file != null && Files.isRegularFile(file)) return load(file, type, name);
        }
        return null;
    }

    /** File definitions of a type with a name after {@code afterName}, in name order. */
    List<Definition> list(String type, String afterName) {
        Path typeDir = typeDir(type);
        if (typeDir == null || !Files.isDirectory(typeDir)) return List.of();
        TreeMap<String, Path> byName = new TreeMap<>();
        try (Stream<Path> files = Files.list(typeDir)) {
            files.forEach(f -> {
                String file = f.getFileName().toString();
                int dot = file.lastIndexOf('.');
                if (dot <= 0 || !DefinitionFile.EXTENSIONS.contains(file.substring(dot + 1))) return;
                String name = file.substring(0, dot);
                if (DefinitionNames.isValidName(name) && (afterName == null || name.compareTo(afterName) > 0)) {
                    byName.putIfAbsent(name, f); // several extensions: find() decides which one counts
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Definition> result = new ArrayList<>();
        byName.keySet().forEach(name -> {
            Definition d = find(type, name);
            if (d != null) result.add(d);
        });
        return result;
    }

    private Path typeDir(String type) {
        return DefinitionNames.isValidType(type) ? inside(dir.resolve(type)) : null;
    }

    /** Names are validated already; this is the second line against traversal (and symlinks out). */
    private Path inside(Path candidate) {
        Path normalized = candidate.toAbsolutePath().normalize();
        if (!normalized.startsWith(dir)) return null;
        try {
            if (Files.exists(normalized) && !normalized.toRealPath().startsWith(dir.toRealPath())) return null;
        } catch (IOException e) {
            return null;
        }
        return normalized;
    }

    private static Definition load(Path file, String type, String name) {
        try {
            DefinitionFile f = DefinitionFile.read(file, type, name);
            var header = f.header();
            return new Definition(type, name, CanonicalJson.sorted(f.data()), 0, CanonicalJson.checksum(f.data()),
                    Definition.FROM_FILESYSTEM, header == null || header.isActive(), null,
                    header == null ? List.of() : DefinitionNames.requireTags(header.tags()), null, null,
                    Definition.FROM_FILESYSTEM);
        } catch (IOException | RuntimeException e) {
            // A broken file must not break reads of everything else: skip it, loudly.
            log.warn("Ignoring definition file {}: {}", file, e.getMessage());
            return null;
        }
    }
}
