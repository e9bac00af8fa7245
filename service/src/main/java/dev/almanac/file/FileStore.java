package dev.almanac.file;

import dev.almanac.config.AlmanacProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The content store under {@code ALMANAC_DATA_DIR/files}: {@code <2 hex>/<file id>}, plus {@code .tmp/}
 * for uploads in flight.
 *
 * <p>The registry and the disk can never be updated atomically together, so the order is chosen so
 * that every failure leaves an orphan file, never a row without content: content is written to
 * {@code .tmp}, fsynced and renamed into place <em>before</em> its row commits, and deleted only
 * <em>after</em> the row's deletion commits. Orphans (a crash in either window) are what
 * {@link Reconciliation} removes once they are older than a grace period.
 */
@Component
public class FileStore {
    private static final Logger log = LoggerFactory.getLogger(FileStore.class);
    static final String TEMP_DIR = ".tmp";
    private static final int BUFFER = 256 * 1024;

    private final Path root;
    private final Path temp;
    private final Object backupLock = new Object();
    private int backupsRunning;
    private final List<String> deletionsHeldForBackup = new ArrayList<>();

    FileStore(AlmanacProperties properties) {
        this.root = properties.data().dir().resolve("files").toAbsolutePath().normalize();
        this.temp = root.resolve(TEMP_DIR);
        try {
            Files.createDirectories(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file store at " + root + " (set ALMANAC_DATA_DIR)", e);
        }
    }

    /** Content received into a temp file: its size and checksums, computed while it streamed in. */
    record Received(Path tempFile, long size, String md5, String sha256) {}

    /** Thrown when the stream passes {@code maxBytes}; the temp file is already gone. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("the file exceeds the limit of " + max + " bytes");
        }
    }

    Path root() {
        return root;
    }

    /**
     * Streams {@code in} into a new temp file, hashing as it goes, and fsyncs it. Past {@code maxBytes}
     * the temp file is deleted and {@link TooLarge} thrown; on any failure nothing is left behind.
     */
    Received receive(InputStream in, long maxBytes) throws IOException {
        Path file = temp.resolve(UUID.randomUUID() + ".part");
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        long size = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                if (size > maxBytes) throw new TooLarge(maxBytes);
                md5.update(buffer, 0, n);
                sha256.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) out.write(chunk);
            }
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Received(file, size, HexFormat.of().formatHex(md5.digest()), HexFormat.of().formatHex(sha256.digest()));
    }

    /** Moves received content to its final place, named by the file id; returns the path relative to the root. */
    String place(Received received, String fileId) throws IOException {
        String relative = relativePathOf(fileId);
        Path target = resolve(relative);
        Files.createDirectories(target.getParent());
        try {
            Files.move(received.tempFile(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(received.tempFile(), target);
        }
        fsyncDirectory(target.getParent());
        return relative;
    }

    static String relativePathOf(String fileId) {
        return fileId.substring(0, 2) + "/" + fileId;
    }

    /** The absolute path of stored content; refuses anything that would leave the store. */
    Path resolve(String relative) {
        Path path = root.resolve(relative).normalize();
        if (!path.startsWith(root) || path.equals(root)) throw new IllegalArgumentException("path outside the file store: " + relative);
        return path;
    }

    void discard(Received received) {
        deleteQuietly(received.tempFile());
    }

    /** Deletes stored content now (the row never committed, or is already gone). */
    void delete(String relative) {
        synchronized (backupLock) {
            if (backupsRunning > 0) {
                deletionsHeldForBackup.add(relative);
                return;
            }
        }
        deleteQuietly(resolve(relative));
    }

    /**
     * Deletes stored content once the current transaction commits; nothing if it rolls back. A crash
     * before the deletion leaves an orphan that reconciliation removes.
     */
    void deleteAfterCommit(List<String> relatives) {
        if (relatives.isEmpty()) return;
        List<String> paths = List.copyOf(relatives);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                paths.forEach(FileStore.this::delete);
            }
        });
    }

    /**
     * While a backup copies content, deletions wait (in memory) so that every file of the backup's
     * database snapshot is still there to copy; they run when the last backup ends.
     */
    void backupStarted() {
        synchronized (backupLock) {
            backupsRunning++;
        }
    }

    void backupEnded() {
        List<String> held;
        synchronized (backupLock) {
            if (--backupsRunning > 0) return;
            held = new ArrayList<>(deletionsHeldForBackup);
            deletionsHeldForBackup.clear();
        }
        held.forEach(this::delete);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete {} ({}); reconciliation will report it as orphaned", path, e.toString());
        }
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename is still atomic there.
            log.debug("could not fsync directory {}: {}", dir, e.toString());
        }
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
