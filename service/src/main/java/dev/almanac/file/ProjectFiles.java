package dev.almanac.file;

import dev.almanac.audit.OperationLog;
import dev.almanac.outbox.Outbox;
import dev.almanac.project.Project;
import dev.almanac.project.ProjectDeleted;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The files of a project: register uploaded content, read, promote, delete. Each change writes the
 * row, the project's recounted counters, the operations-log entry and an outbox event (so search
 * re-reads the project) in one transaction; content on disk follows the rules in {@link FileStore}.
 */
@Service
public class ProjectFiles {
    private static final Logger log = LoggerFactory.getLogger(ProjectFiles.class);
    static final String DEFAULT_BUCKET = "default";

    private final FileRepository repository;
    private final FileStore store;
    private final ContentAnalyzer analyzer;
    private final Projects projects;
    private final OperationLog operations;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final FileSettings settings;
    private final InstantSource clock;

    ProjectFiles(FileRepository repository, FileStore store, ContentAnalyzer analyzer, Projects projects,
            OperationLog operations, Outbox outbox, TransactionTemplate transactions, FileSettings settings,
            InstantSource clock) {
        this.clock = clock;
        this.repository = repository;
        this.store = store;
        this.analyzer = analyzer;
        this.projects = projects;
        this.operations = operations;
        this.outbox = outbox;
        this.transactions = transactions;
        this.settings = settings;
    }

    /** The form fields of an upload besides the content, as sent (all optional). */
    record UploadFields(String bucket, String staged, String expiresIn, String tagsJson) {}

    /** 404 / 409 before a byte of the body is read, so a doomed upload is not streamed to disk first. */
    void checkUploadable(Caller caller, String projectId) {
        caller.require(Role.WRITER);
        Project project = projects.require(caller.tenantId(), projectId);
        if (project.isDeleted()) throw new ApiException(ErrorCode.PROJECT_DELETED, "Project '" + projectId + "' is deleted");
        if (Project.LOCKED.equals(project.status())) {
            throw new ApiException(ErrorCode.PROJECT_LOCKED, "Project '" + projectId + "' is locked");
        }
    }

    long maxUploadBytes() {
        return settings.maxUploadSize().toBytes();
    }

    /**
     * Registers received content: validates the fields, detects the type, extracts text, places the
     * content and commits the row. On any failure the content is removed again; the caller has
     * already received it into a temp file, which this method always consumes.
     */
    StoredFile register(Caller caller, String projectId, FileStore.Received received, String clientName, UploadFields fields) {
        caller.require(Role.WRITER);
        String placed = null;
        boolean committed = false;
        try {
            if (received.size() == 0) throw ApiException.invalidField("file", "is empty");
            String bucket = fields.bucket() == null || fields.bucket().isEmpty() ? DEFAULT_BUCKET : fields.bucket();
            if (!FileNames.isValidBucket(bucket)) {
                throw ApiException.invalidField("bucket", "1-64 of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
            }
            Instant expiresAt = expiryOf(fields);
            String tags = UploadForm.tagsJson(fields.tagsJson());
            String name = FileNames.clean(clientName);
            String contentType = analyzer.detect(received.tempFile(), name);
            ContentAnalyzer.Analysis analysis = analyzer.analyze(received.tempFile(), received.size(), contentType, name);
            String id = UUID.randomUUID().toString();
            placed = store.place(received, id);
            pauseForCrashTest();
            String path = placed;
            StoredFile stored = transactions.execute(tx -> {
                projects.lockForContentChange(caller.tenantId(), projectId);
                StoredFile file = repository.insert(new FileRepository.NewFile(id, caller.tenantId(), projectId, bucket, name,
                        path, received.size(), contentType, received.md5(), received.sha256(), expiresAt != null, expiresAt,
                        tags, analysis.text(), analysis.tableProfileJson(), caller.actor()));
                recount(caller.tenantId(), projectId);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("name", name);
                details.put("bucket", bucket);
                details.put("size_bytes", file.sizeBytes());
                details.put("content_type", contentType);
                details.put("sha256", file.checksumSha256());
                details.put("staged", file.isStaged());
                changed(caller, "upload_file", file.id(), projectId, details);
                return file;
            });
            committed = true;
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            store.discard(received);
            if (placed != null && !committed) removeUnlessRegistered(placed);
        }
    }

    /**
     * After a failed commit the row is almost always absent, but a connection lost during COMMIT can
     * hide a commit that happened: ask, and when the answer cannot be had keep the content (an orphan
     * for reconciliation is harmless, a row without content is not).
     */
    private void removeUnlessRegistered(String path) {
        try {
            if (!repository.isRegistered(path)) store.delete(path);
        } catch (RuntimeException e) {
            log.warn("could not check whether {} was registered ({}); left for reconciliation", path, e.toString());
        }
    }

    private Instant expiryOf(UploadFields fields) {
        boolean staged = fields.staged() != null && !fields.staged().isEmpty() && parseBoolean("staged", fields.staged());
        if (fields.expiresIn() != null && !fields.expiresIn().isEmpty()) {
            if (fields.staged() != null && !fields.staged().isEmpty() && !staged) {
                throw ApiException.invalidField("expires_in", "only a staged file expires");
            }
            long seconds;
            try {
                seconds = Long.parseLong(fields.expiresIn().strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("expires_in", "seconds, a whole number");
            }
            if (seconds < 1 || seconds > settings.maxStagingTtl().toSeconds()) {
                throw ApiException.invalidField("expires_in", "between 1 and " + settings.maxStagingTtl().toSeconds() + " seconds");
            }
            return clock.instant().plusSeconds(seconds);
        }
        return staged ? clock.instant().plus(settings.stagingTtl()) : null;
    }

    private static boolean parseBoolean(String field, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.invalidField(field, "true or false");
        };
    }

    private void pauseForCrashTest() {
        Duration pause = settings.testPauseBeforeCommit();
        if (pause.isZero()) return;
        log.warn("TEST HOOK almanac.files.test-pause-before-commit: content placed, pausing {} before commit", pause);
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public StoredFile get(Caller caller, String projectId, String fileId) {
        projects.require(caller.tenantId(), projectId);
        return repository.find(caller.tenantId(), projectId, fileId).orElseThrow(() -> notFound(fileId));
    }

    public Page<StoredFile> list(Caller caller, String projectId, String bucket, int limit, String cursor) {
        projects.require(caller.tenantId(), projectId);
        List<StoredFile> rows = repository.list(caller.tenantId(), projectId, bucket, Page.decode(cursor), limit);
        return Page.of(rows, limit, StoredFile::id);
    }

    /** The file and where its content is; 404 if the row is gone, expired, or (never expected) its content is. */
    record Content(StoredFile file, Path path) {}

    Content content(Caller caller, String projectId, String fileId) {
        StoredFile file = get(caller, projectId, fileId);
        Path path = store.resolve(file.path());
        if (!java.nio.file.Files.isRegularFile(path)) {
            log.error("file {} of project {} has a row but no content at {}; run `files reconcile`", fileId, projectId, path);
            throw new ApiException(ErrorCode.INTERNAL, "The content of file '" + fileId + "' is missing from the store");
        }
        return new Content(file, path);
    }

    String text(Caller caller, String projectId, String fileId) {
        get(caller, projectId, fileId);
        return repository.extractedText(caller.tenantId(), projectId, fileId).orElse(null);
    }

    public StoredFile promote(Caller caller, String projectId, String fileId) {
        caller.require(Role.WRITER);
        return transactions.execute(tx -> {
            projects.lockForContentChange(caller.tenantId(), projectId);
            StoredFile file = repository.promote(caller.tenantId(), projectId, fileId).orElseThrow(() -> notFound(fileId));
            changed(caller, "promote_file", fileId, projectId, Map.of("name", file.name()));
            return file;
        });
    }

    public void delete(Caller caller, String projectId, String fileId) {
        caller.require(Role.WRITER);
        transactions.executeWithoutResult(tx -> {
            projects.lockForContentChange(caller.tenantId(), projectId);
            StoredFile file = repository.delete(caller.tenantId(), projectId, fileId).orElseThrow(() -> notFound(fileId));
            recount(caller.tenantId(), projectId);
            changed(caller, "delete_file", fileId, projectId, Map.of("name", file.name(), "size_bytes", file.sizeBytes()));
            store.deleteAfterCommit(List.of(file.path()));
        });
    }

    /** Deletes one expired staged file (row, counters, audit in one transaction; content after commit). */
    boolean deleteExpired(String tenantId, String projectId, String fileId) {
        Boolean deleted = transactions.execute(tx -> {
            projects.lockCounters(tenantId, projectId);
            var file = repository.deleteIfExpired(tenantId, projectId, fileId);
            if (file.isEmpty()) return false;
            recount(tenantId, projectId);
            Caller cleanup = new Caller(tenantId, "system (staging cleanup)", dev.almanac.web.Role.SYSTEM, null, System.nanoTime());
            changed(cleanup, "expire_file", fileId, projectId, Map.of("name", file.get().name(),
                    "expired_at", String.valueOf(file.get().expiresAt())));
            store.deleteAfterCommit(List.of(file.get().path()));
            return true;
        });
        return Boolean.TRUE.equals(deleted);
    }

    /**
     * Runs inside the transaction that soft-deletes the project (the event is published there): the
     * rows go with it, the content after it commits.
     */
    @EventListener
    void onProjectDeleted(ProjectDeleted event) {
        List<String> paths = repository.deleteAllOf(event.tenantId(), event.projectId());
        if (paths.isEmpty()) return;
        projects.setContentCounters(event.tenantId(), event.projectId(), Projects.ContentCounters.EMPTY);
        outbox.append(new ProjectFilesChanged(event.tenantId(), event.projectId(), null, "project_deleted", paths.size()));
        store.deleteAfterCommit(paths);
    }

    private void recount(String tenantId, String projectId) {
        projects.setContentCounters(tenantId, projectId, repository.counters(tenantId, projectId));
    }

    private void changed(Caller caller, String operation, String fileId, String projectId, Map<String, ?> details) {
        operations.success(caller, operation, "file", fileId, projectId, details);
        outbox.append(new ProjectFilesChanged(caller.tenantId(), projectId, fileId, operation, null));
    }

    private static ApiException notFound(String fileId) {
        return ApiException.notFound("File '" + fileId + "'");
    }
}
