package dev.almanac.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Compares the registry with the store (seed: "health check validuje konzistenci", recovery by
 * scanning storage): rows whose content is missing or differs (size always, SHA-256 on request),
 * content no row references (orphans) and leftover temp files.
 *
 * <p>Repair deletes only orphans and temp files older than the grace period, each re-checked against
 * the registry right before deletion, because an upload places its content before its row commits:
 * young unreferenced content may be an upload in flight. Missing or damaged content is reported,
 * never "repaired" by dropping rows: that is a restore from backup, an operator's decision.
 */
@Component
public class Reconciliation {
    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    private static final int PAGE = 1_000;
    private static final int MAX_LISTED = 100;

    private final FileRepository repository;
    private final FileStore store;
    private final FileSettings settings;

    Reconciliation(FileRepository repository, FileStore store, FileSettings settings) {
        this.repository = repository;
        this.store = store;
        this.settings = settings;
    }

    /** What was found (lists capped at 100 entries each, counts exact) and what was repaired. */
    public record Report(long registered, long stored, long missingCount, List<String> missing, long mismatchCount,
            List<String> mismatched, long orphanCount, List<String> orphaned, long tempCount, long orphansDeleted,
            long tempDeleted, boolean checksumsVerified) {
        /** Nothing referenced is missing or damaged, and nothing old is left unreferenced. */
        public boolean consistent() {
            return missingCount == 0 && mismatchCount == 0 && orphanCount - orphansDeleted == 0 && tempCount - tempDeleted == 0;
        }
    }

    public Duration defaultGrace() {
        return settings.reconcileGrace();
    }

    public Report run(boolean verifyChecksums, boolean repair, Duration grace) {
        Instant cutoff = Instant.now().minus(grace);
        Map<String, BasicFileAttributes> onDisk = new HashMap<>();
        List<Path> temps = new ArrayList<>();
        scan(onDisk, temps);
        long stored = onDisk.size();

        long registered = 0, missingCount = 0, mismatchCount = 0;
        List<String> missing = new ArrayList<>(), mismatched = new ArrayList<>();
        String after = "";
        List<FileRepository.Registered> page;
        do {
            page = repository.registered(after, PAGE);
            for (FileRepository.Registered row : page) {
                registered++;
                BasicFileAttributes found = onDisk.remove(row.path());
                Path path = store.resolve(row.path());
                if (found == null && !Files.isRegularFile(path)) { // re-checked: it may have arrived after the scan
                    missingCount++;
                    addCapped(missing, row.id() + " (" + row.path() + ")");
                } else if (sizeOf(path) != row.size() || verifyChecksums && !row.sha256().equals(sha256(path))) {
                    mismatchCount++;
                    addCapped(mismatched, row.id() + " (" + row.path() + ")");
                }
            }
            if (!page.isEmpty()) after = page.getLast().id();
        } while (page.size() == PAGE);

        long orphanCount = 0, orphansDeleted = 0;
        List<String> orphaned = new ArrayList<>();
        for (var e : onDisk.entrySet()) {
            if (!e.getValue().lastModifiedTime().toInstant().isBefore(cutoff)) continue; // maybe an upload in flight
            if (repository.isRegistered(e.getKey())) continue; // committed since the page was read
            orphanCount++;
            addCapped(orphaned, e.getKey());
            if (repair && deleteIfUnregistered(e.getKey())) orphansDeleted++;
        }
        long tempCount = 0, tempDeleted = 0;
        for (Path temp : temps) {
            if (!modifiedBefore(temp, cutoff)) continue;
            tempCount++;
            if (repair && deleteQuietly(temp)) tempDeleted++;
        }
        Report report = new Report(registered, stored, missingCount, missing, mismatchCount, mismatched, orphanCount,
                orphaned, tempCount, orphansDeleted, tempDeleted, verifyChecksums);
        if (!report.consistent()) log.warn("file store reconciliation: {}", report);
        return report;
    }

    private void scan(Map<String, BasicFileAttributes> onDisk, List<Path> temps) {
        Path root = store.root();
        Path temp = root.resolve(FileStore.TEMP_DIR);
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
                    if (!attributes.isRegularFile()) return;
                    if (p.startsWith(temp)) temps.add(p);
                    else onDisk.put(root.relativize(p).toString().replace('\\', '/'), attributes);
                } catch (IOException e) {
                    // deleted while we walked: not there, so neither orphan nor content
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan the file store " + root, e);
        }
    }

    private boolean deleteIfUnregistered(String relative) {
        if (repository.isRegistered(relative)) return false;
        return deleteQuietly(store.resolve(relative));
    }

    private static boolean deleteQuietly(Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", path, e.toString());
            return false;
        }
    }

    private static boolean modifiedBefore(Path path, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(path).toInstant().isBefore(cutoff);
        } catch (IOException e) {
            return false;
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }

    static String sha256(Path path) {
        MessageDigest digest = FileStore.digest("SHA-256");
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.read(buffer)) >= 0) digest.update(buffer, 0, n);
        } catch (IOException e) {
            return "unreadable";
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void addCapped(List<String> list, String entry) {
        if (list.size() < MAX_LISTED) list.add(entry);
    }
}
