package dev.almanac.transfer;

import dev.almanac.audit.OperationLog;
import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Role;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;
import java.util.stream.Collectors;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bulk import of projects and their metadata through {@link Projects} and {@link ProjectMetadata}
 * (so each change is validated, logged and announced as through the API): row by row, except that
 * new projects are written a batch at a time through their bulk methods (same checks, same log
 * entries and events, a few statements per batch instead of about fifteen per row).
 *
 * <p>Which project a row means: its {@code id} when the row has one (created with that id when
 * absent), otherwise the one live project of the tenant with that {@code name} (created, with a
 * generated id, when there is none; a row error when several share the name). A row whose values
 * the project already has changes nothing (no new version, no event), so importing a file twice
 * leaves the second run {@code unchanged}. An import never deletes a project or a metadata key.
 *
 * <p>Rows are read in chunks of {@value #CHUNK}; the projects a chunk names by id and their
 * metadata are read in one go, so unchanged rows cost nothing. In {@code atomic} mode all rows share
 * one transaction, rolled back at the end if any row failed (and the call fails with every row's
 * error); in {@code best_effort} mode each chunk commits, each row in a savepoint so a bad row is
 * undone alone, and the report lists the rows that failed.
 */
@Service
public class ProjectImport {
    private static final int CHUNK = 500;
    private static final int MAX_REPORTED_ERRORS = 1000;

    private final Projects projects;
    private final ProjectMetadata metadata;
    private final OperationLog operations;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;

    ProjectImport(Projects projects, ProjectMetadata metadata, OperationLog operations, JsonMapper json,
            PlatformTransactionManager transactions) {
        this.projects = projects;
        this.metadata = metadata;
        this.operations = operations;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public enum Mode {
        ATOMIC, BEST_EFFORT;

        public static Mode parse(String value) {
            if (value == null || value.isEmpty() || value.equals("atomic")) return ATOMIC;
            if (value.equals("best_effort")) return BEST_EFFORT;
            throw ApiException.invalidField("mode", "atomic or best_effort");
        }

        public String apiName() {
            return name().toLowerCase();
        }
    }

    public record RowError(long row, String message) {}

    /** What an import did. {@code committed} is false only for an atomic import that was rolled back. */
    public record Report(String mode, boolean committed, long rows, long created, long updated, long unchanged,
            long failed, List<RowError> errors, boolean errorsTruncated) {}

    /** Imports a {@code text/csv} or {@code application/x-ndjson} stream. Writer. */
    public Report run(Caller caller, Mode mode, String contentType, InputStream body) {
        caller.require(Role.WRITER);
        ImportRows rows = ImportRows.of(contentType, body, json);
        Tally tally = new Tally();
        if (mode == Mode.ATOMIC) {
            // No savepoints: a failed row fails the whole import, so what it half-wrote goes with
            // the rest. (Also spares PostgreSQL thousands of subtransactions in one transaction.)
            transaction.executeWithoutResult(status -> {
                while (rows.hasNext() && !tally.aborted) applyChunk(caller, nextChunk(rows), tally, false);
                if (tally.failed > 0) {
                    status.setRollbackOnly();
                } else {
                    audit(caller, mode, tally);
                }
            });
            if (tally.failed > 0) throw refused(tally);
        } else {
            while (rows.hasNext()) {
                transaction.executeWithoutResult(status -> applyChunk(caller, nextChunk(rows), tally, true));
            }
            transaction.executeWithoutResult(status -> audit(caller, mode, tally));
        }
        return tally.report(mode, true);
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** What the database held for a row's project when its chunk began; {@code known} false: look it up. */
    private record Stored(boolean known, Project project, Map<String, JsonNode> meta) {
        static final Stored UNKNOWN = new Stored(false, null, Map.of());
    }

    private static List<ImportRow> nextChunk(Iterator<ImportRow> rows) {
        List<ImportRow> chunk = new ArrayList<>(CHUNK);
        while (chunk.size() < CHUNK && rows.hasNext()) chunk.add(rows.next());
        return chunk;
    }

    /**
     * Reads the projects (and their metadata) that the chunk's rows name by id in two queries, so
     * a row that would change nothing costs no round trip at all and a changed one two fewer.
     *
     * <p>Rows that create a project the chunk's read found absent (the bulk of a first import) are
     * not written one by one: they wait in {@code fresh} and are written together by
     * {@link #createFresh}, a few statements for all of them. Any other row first flushes the
     * waiting ones, so rows still take effect, and fail, in file order.
     */
    private void applyChunk(Caller caller, List<ImportRow> chunk, Tally tally, boolean savepoints) {
        Set<String> ids = new HashSet<>();
        for (ImportRow row : chunk) {
            if (row.error() == null && row.id() != null) ids.add(row.id());
        }
        Map<String, Project> projectsById = new HashMap<>();
        for (Project p : projects.findAll(caller.tenantId(), ids)) projectsById.put(p.id(), p);
        Map<String, List<MetaEntry>> entries = metadata.entriesOf(caller.tenantId(), projectsById.keySet());
        Set<String> touched = new HashSet<>(); // a second row for the same id must see the first one's writes
        List<ImportRow> fresh = new ArrayList<>();
        for (ImportRow row : chunk) {
            if (tally.aborted) return;
            Stored stored = Stored.UNKNOWN;
            if (row.error() == null && row.id() != null && touched.add(row.id())) {
                Project project = projectsById.get(row.id());
                stored = new Stored(true, project, project == null ? Map.of() : values(entries.get(row.id())));
                if (project == null && creatableTogether(row)) {
                    fresh.add(row);
                    continue;
                }
            }
            flush(caller, fresh, tally, savepoints);
            if (tally.aborted) return;
            if (row.error() != null) {
                tally.fail(row.number(), row.error());
                continue;
            }
            applyOne(caller, row, stored, tally, savepoints);
        }
        flush(caller, fresh, tally, savepoints);
    }

    private void applyOne(Caller caller, ImportRow row, Stored known, Tally tally, boolean savepoints) {
        try {
            tally.count(savepoints ? savepoint.execute(status -> apply(caller, row, known)) : apply(caller, row, known));
        } catch (ApiException e) {
            tally.fail(row.number(), describe(e));
        } catch (DataAccessException e) {
            tally.fail(row.number(), "the database refused the row: " + firstLine(e.getMostSpecificCause().getMessage()));
            if (!savepoints) tally.aborted = true; // the transaction is broken: nothing more can run in it
        }
    }

    /** A new project whose row {@link #apply} would refuse only for reasons {@link #createFresh} checks too. */
    private static boolean creatableTogether(ImportRow row) {
        if (row.name() == null) return false;
        if (row.status() != null && !row.status().equals(Project.ACTIVE) && !row.status().equals(Project.LOCKED)) return false;
        for (String key : row.meta().keySet()) {
            if (!ProjectMetadata.isValidKey(key)) return false;
        }
        return true;
    }

    /**
     * Writes the waiting new projects together, in a savepoint. Should the database refuse the
     * batch (a concurrent import took an id, …), the savepoint is rolled back and the rows go again
     * one at a time, so the report names the row at fault as a row-by-row import would.
     */
    private void flush(Caller caller, List<ImportRow> fresh, Tally tally, boolean savepoints) {
        if (fresh.isEmpty()) return;
        List<ImportRow> rows = List.copyOf(fresh);
        fresh.clear();
        List<ApiException> refusals;
        try {
            refusals = savepoint.execute(status -> createFresh(caller, rows));
        } catch (ApiException | DataAccessException e) {
            for (ImportRow row : rows) {
                if (tally.aborted) return;
                applyOne(caller, row, new Stored(true, null, Map.of()), tally, savepoints);
            }
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (refusals.get(i) == null) {
                tally.count(Outcome.CREATED);
            } else {
                tally.fail(rows.get(i).number(), describe(refusals.get(i)));
            }
        }
    }

    /**
     * Creates the projects, then their metadata, then locks those that ask for it: the same writes,
     * log entries and events, in the same order per project, as {@link #apply} makes for each row.
     * Answers per row: null, or why the row was refused.
     */
    private List<ApiException> createFresh(Caller caller, List<ImportRow> rows) {
        List<Projects.Creation> created = projects.createAll(caller, rows.stream()
                .map(row -> new Projects.NewProject(row.id(), row.name(), row.description(), null))
                .toList());
        List<ProjectMetadata.Imported> values = new ArrayList<>();
        List<ApiException> refusals = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Projects.Creation creation = created.get(i);
            refusals.add(creation.refusal());
            if (creation.project() == null) continue;
            String id = creation.project().id();
            rows.get(i).meta().forEach((key, value) -> values.add(new ProjectMetadata.Imported(id, key, value)));
        }
        metadata.putImportedAll(caller, values);
        for (int i = 0; i < rows.size(); i++) {
            if (created.get(i).project() != null && Project.LOCKED.equals(rows.get(i).status())) {
                projects.patch(caller, created.get(i).project().id(), status(Project.LOCKED), null);
            }
        }
        return refusals;
    }

    private Map<String, JsonNode> values(List<MetaEntry> entries) {
        Map<String, JsonNode> values = new HashMap<>();
        if (entries == null) return values;
        for (MetaEntry entry : entries) {
            if (!ProjectMetadata.isSuggestion(entry)) values.put(entry.key(), json.readTree(entry.value()));
        }
        return values;
    }

    private static String firstLine(String message) {
        if (message == null) return "no reason given";
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private Outcome apply(Caller caller, ImportRow row, Stored stored) {
        if (row.status() != null && !row.status().equals(Project.ACTIVE) && !row.status().equals(Project.LOCKED)) {
            throw ApiException.invalidField("status", "active or locked");
        }
        Project current = stored.known() ? stored.project() : find(caller.tenantId(), row);
        if (current == null) {
            if (row.name() == null) throw ApiException.invalidField("name", "required to create a project");
            Project created = projects.create(caller, new Projects.NewProject(row.id(), row.name(), row.description(), null));
            row.meta().forEach((key, value) -> metadata.putImported(caller, created.id(), key, value));
            if (Project.LOCKED.equals(row.status())) projects.patch(caller, created.id(), status(Project.LOCKED), null);
            return Outcome.CREATED;
        }
        if (current.isDeleted()) {
            throw new ApiException(ErrorCode.PROJECT_DELETED, "Project '" + current.id() + "' is deleted");
        }
        String target = row.status() == null ? current.status() : row.status();
        boolean changed = false;
        ObjectNode patch = json.createObjectNode();
        if (Project.LOCKED.equals(current.status()) && Project.ACTIVE.equals(target)) patch.put("status", Project.ACTIVE);
        if (row.name() != null && !row.name().equals(current.name())) patch.put("name", row.name());
        if (row.description() != null && !row.description().equals(current.description())) {
            patch.put("description", row.description());
        } else if (row.clearDescription() && current.description() != null) {
            patch.putNull("description");
        }
        if (!patch.isEmpty()) {
            projects.patch(caller, current.id(), patch, null);
            changed = true;
        }
        if (!row.meta().isEmpty()) {
            Map<String, JsonNode> values = stored.known() ? stored.meta()
                    : values(metadata.entriesOf(caller.tenantId(), List.of(current.id())).get(current.id()));
            for (Map.Entry<String, JsonNode> e : row.meta().entrySet()) {
                if (!e.getValue().equals(values.get(e.getKey()))) {
                    metadata.putImported(caller, current.id(), e.getKey(), e.getValue());
                    changed = true;
                }
            }
        }
        if (Project.LOCKED.equals(target) && !Project.LOCKED.equals(current.status())) {
            projects.patch(caller, current.id(), status(Project.LOCKED), null);
            changed = true;
        }
        return changed ? Outcome.UPDATED : Outcome.UNCHANGED;
    }

    private Project find(String tenantId, ImportRow row) {
        if (row.id() != null) {
            List<Project> found = projects.findAll(tenantId, List.of(row.id()));
            return found.isEmpty() ? null : found.getFirst();
        }
        List<Project> named = projects.findLiveByName(tenantId, row.name(), 2);
        if (named.size() > 1) {
            throw new ApiException(ErrorCode.CONFLICT,
                    "Several projects are named '" + row.name() + "'; add an id column to say which one");
        }
        return named.isEmpty() ? null : named.getFirst();
    }

    private ObjectNode status(String status) {
        return json.createObjectNode().put("status", status);
    }

    private void audit(Caller caller, Mode mode, Tally tally) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", mode.apiName());
        details.put("rows", tally.rows);
        details.put("created", tally.created);
        details.put("updated", tally.updated);
        details.put("unchanged", tally.unchanged);
        details.put("failed", tally.failed);
        operations.success(caller, "import_projects", "project", null, null, details);
    }

    private static ApiException refused(Tally tally) {
        List<ApiException.FieldError> errors = tally.errors.stream()
                .map(e -> new ApiException.FieldError("row " + e.row(), e.message()))
                .collect(Collectors.toList());
        return new ApiException(ErrorCode.BAD_REQUEST, tally.failed + " of " + tally.rows
                + " rows are invalid; nothing was imported" + (tally.truncated() ? " (the first " + MAX_REPORTED_ERRORS + " errors are listed)" : ""),
                errors);
    }

    private static String describe(ApiException e) {
        if (e.errors().isEmpty()) return e.getMessage();
        return e.errors().stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
    }

    private static final class Tally {
        long rows;
        long created;
        long updated;
        long unchanged;
        long failed;
        boolean aborted;
        final List<RowError> errors = new ArrayList<>();

        void count(Outcome outcome) {
            rows++;
            switch (Objects.requireNonNull(outcome)) {
                case CREATED -> created++;
                case UPDATED -> updated++;
                case UNCHANGED -> unchanged++;
            }
        }

        void fail(long row, String message) {
            rows++;
            failed++;
            if (errors.size() < MAX_REPORTED_ERRORS) errors.add(new RowError(row, message));
        }

        boolean truncated() {
            return failed > errors.size();
        }

        Report report(Mode mode, boolean committed) {
            return new Report(mode.apiName(), committed, rows, created, updated, unchanged, failed, List.copyOf(errors), truncated());
        }
    }
}
