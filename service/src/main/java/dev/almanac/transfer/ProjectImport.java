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
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bulk import of projects and their metadata, one row at a time through {@link Projects} and
 * {@link ProjectMetadata} (so each change is validated, logged and announced as through the API).
 *
 * <p>Which project a row means: its {@code id} when the row has one (created with that id when
 * absent), otherwise the one live project of the tenant with that {@code name} (created, with a
 * generated id, when there is none; a row error when several share the name). A row whose values
 * the project already has changes nothing (no new version, no event), so importing a file twice
 * leaves the second run {@code unchanged}. An import never deletes a project or a metadata key.
 *
 * <p>Each row runs in a savepoint, so a bad row is undone alone and the next rows still run: in
 * {@code atomic} mode all rows share one transaction, rolled back at the end if any row failed (and
 * the call fails with every row's error); in {@code best_effort} mode rows commit in chunks and the
 * report lists the rows that failed.
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
            transaction.executeWithoutResult(status -> {
                rows.forEachRemaining(row -> applyAlone(caller, row, tally));
                if (tally.failed > 0) {
                    status.setRollbackOnly();
                } else {
                    audit(caller, mode, tally);
                }
            });
            if (tally.failed > 0) throw refused(tally);
        } else {
            Iterator<ImportRow> it = rows;
            while (it.hasNext()) {
                transaction.executeWithoutResult(status -> {
                    for (int i = 0; i < CHUNK && it.hasNext(); i++) applyAlone(caller, it.next(), tally);
                });
            }
            transaction.executeWithoutResult(status -> audit(caller, mode, tally));
        }
        return tally.report(mode, true);
    }

    private enum Outcome { CREATED, UPDATED, UNCHANGED }

    private void applyAlone(Caller caller, ImportRow row, Tally tally) {
        if (row.error() != null) {
            tally.fail(row.number(), row.error());
            return;
        }
        try {
            tally.count(savepoint.execute(status -> apply(caller, row)));
        } catch (ApiException e) {
            tally.fail(row.number(), describe(e));
        }
    }

    private Outcome apply(Caller caller, ImportRow row) {
        if (row.status() != null && !row.status().equals(Project.ACTIVE) && !row.status().equals(Project.LOCKED)) {
            throw ApiException.invalidField("status", "active or locked");
        }
        Project current = find(caller.tenantId(), row);
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
            Map<String, JsonNode> stored = new HashMap<>();
            for (MetaEntry entry : metadata.entriesOf(caller.tenantId(), List.of(current.id())).getOrDefault(current.id(), List.of())) {
                if (!ProjectMetadata.isSuggestion(entry)) stored.put(entry.key(), json.readTree(entry.value()));
            }
            for (Map.Entry<String, JsonNode> e : row.meta().entrySet()) {
                if (!e.getValue().equals(stored.get(e.getKey()))) {
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
