package dev.almanac.project;

import dev.almanac.audit.OperationLog;
import dev.almanac.cache.CachedLookup;
import dev.almanac.cache.Caches;
import dev.almanac.outbox.Outbox;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import dev.almanac.web.Role;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The projects registry. Every change writes the row, its operations-log entry and its outbox event
 * in one transaction. Other modules use {@link #requireWritable} to attach data to a project.
 */
@Service
public class Projects {
    private static final Set<String> PATCHABLE = Set.of("name", "description", "settings", "status");
    private static final int MAX_NAME = 200;
    private static final int MAX_DESCRIPTION = 10_000;

    private final ProjectRepository repository;
    private final OperationLog operations;
    private final Outbox outbox;
    private final JsonMapper json;
    private final CachedLookup<Project> cache;

    Projects(ProjectRepository repository, OperationLog operations, Outbox outbox, JsonMapper json, Caches caches) {
        this.cache = caches.lookup("project", Project.class);
        this.repository = repository;
        this.operations = operations;
        this.outbox = outbox;
        this.json = json;
    }

    public record NewProject(String id, String name, String description, JsonNode settings) {}

    @Transactional
    public Project create(Caller caller, NewProject request) {
        caller.require(Role.WRITER);
        String id = request.id() == null ? UUID.randomUUID().toString() : ProjectIds.requireValid(request.id());
        String name = requireName(request.name());
        String description = checkDescription(request.description());
        JsonNode settings = request.settings() == null || request.settings().isNull()
                ? json.createObjectNode() : requireObject("settings", request.settings());
        Project project = repository.insert(caller.tenantId(), id, name, description, json.writeValueAsString(settings), caller.actor())
                .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "A project with id '" + id + "' already exists"));
        record(caller, "create_project", project, Map.of("name", name));
        outbox.append(new ProjectCreated(caller.tenantId(), project.id(), project.version(), project.status(), asApi(project)));
        return project;
    }

    /** One request of {@link #createAll}: the project created, or why this request was refused. */
    public record Creation(Project project, ApiException refusal) {}

    /**
     * Creates many projects as {@link #create} does each (same checks, one operations-log entry and
     * one {@code project.created} event per project) with one statement per table instead of one per
     * project: what makes a bulk import of new projects fast. A request that fails its checks or
     * whose id is taken is refused alone; the others are created. Answers in the order asked.
     */
    @Transactional
    public List<Creation> createAll(Caller caller, List<NewProject> requests) {
        caller.require(Role.WRITER);
        List<Creation> result = new ArrayList<>(requests.size());
        List<ProjectRepository.NewRow> rows = new ArrayList<>();
        for (NewProject request : requests) {
            try {
                String id = request.id() == null ? UUID.randomUUID().toString() : ProjectIds.requireValid(request.id());
                JsonNode settings = request.settings() == null || request.settings().isNull()
                        ? json.createObjectNode() : requireObject("settings", request.settings());
                rows.add(new ProjectRepository.NewRow(id, requireName(request.name()), checkDescription(request.description()),
                        json.writeValueAsString(settings)));
                result.add(null); // filled below
            } catch (ApiException refused) {
                result.add(new Creation(null, refused));
            }
        }
        Map<String, Project> inserted = new java.util.HashMap<>();
        for (Project p : rows.isEmpty() ? List.<Project>of() : repository.insertAll(caller.tenantId(), rows, caller.actor())) {
            inserted.put(p.id(), p);
        }
        repository.refreshStatisticsIfBehind(inserted.size());
        List<OperationLog.Logged> logged = new ArrayList<>();
        List<ProjectCreated> events = new ArrayList<>();
        Iterator<ProjectRepository.NewRow> next = rows.iterator();
        for (int i = 0; i < result.size(); i++) {
            if (result.get(i) != null) continue;
            ProjectRepository.NewRow row = next.next();
            Project project = inserted.remove(row.id()); // remove: a second request for the same id is a conflict
            if (project == null) {
                result.set(i, new Creation(null, new ApiException(ErrorCode.CONFLICT, "A project with id '" + row.id() + "' already exists")));
                continue;
            }
            result.set(i, new Creation(project, null));
            logged.add(new OperationLog.Logged("create_project", "project", project.id(), project.id(), Map.of("name", project.name())));
            events.add(new ProjectCreated(caller.tenantId(), project.id(), project.version(), project.status(), asApi(project)));
        }
        operations.successAll(caller, logged);
        outbox.appendAll(events);
        return result;
    }

    /**
     * {@link #requireWritable} for many projects at once (one statement): every one must exist and be
     * open, else the first that is not is refused (404 or 409) and the caller's transaction should go.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void requireWritableAll(String tenantId, java.util.Collection<String> ids) {
        if (ids.isEmpty()) return;
        ids.forEach(ProjectIds::requireValid);
        Map<String, Project> found = new java.util.HashMap<>();
        for (Project p : repository.findAllShareLocked(tenantId, ids)) found.put(p.id(), p);
        for (String id : ids) {
            Project project = found.get(id);
            if (project == null) throw ApiException.notFound("Project '" + id + "'");
            requireOpen(project);
        }
    }

    // No transaction for one-statement reads: BEGIN/COMMIT would double the database round trips.
    public Project get(Caller caller, String id) {
        return require(caller.tenantId(), id);
    }

    @Transactional(readOnly = true)
    public Page<Project> list(Caller caller, String status, String text, List<ProjectFilter.Condition> conditions,
            int limit, String cursor) {
        List<String> statuses = status == null || status.isEmpty()
                ? List.of(Project.ACTIVE, Project.LOCKED)
                : List.of(requireStatus(status, Set.of(Project.ACTIVE, Project.LOCKED, Project.DELETED)));
        List<Project> rows = repository.list(caller.tenantId(), statuses, text, conditions, Page.decode(cursor), limit);
        return Page.of(rows, limit, Project::id);
    }

    /** Applies a JSON merge patch (RFC 7386) to name, description, settings and status. */
    @Transactional
    public Project patch(Caller caller, String id, JsonNode patch, Long expectedVersion) {
        caller.require(Role.WRITER);
        if (patch == null || !patch.isObject()) {
            throw ApiException.badRequest("A merge patch must be a JSON object");
        }
        for (String field : patch.propertyNames()) {
            if (!PATCHABLE.contains(field)) throw ApiException.invalidField(field, "unknown or read-only field");
        }
        Project current = lockForChange(caller.tenantId(), id, expectedVersion);
        String status = patch.has("status")
                ? requireStatus(patch.get("status").isString() ? patch.get("status").asString() : "",
                        Set.of(Project.ACTIVE, Project.LOCKED))
                : current.status();
        if (Project.LOCKED.equals(current.status()) && Project.LOCKED.equals(status)
                && (patch.has("name") || patch.has("description") || patch.has("settings"))) {
            throw new ApiException(ErrorCode.PROJECT_LOCKED, "Project '" + id + "' is locked; unlock it with {\"status\":\"active\"} first");
        }
        String name = patch.has("name") ? requireName(patch.get("name").isString() ? patch.get("name").asString() : null) : current.name();
        String description = current.description();
        if (patch.has("description")) {
            JsonNode d = patch.get("description");
            if (!d.isNull() && !d.isString()) throw ApiException.invalidField("description", "must be a string or null");
            description = checkDescription(d.isNull() ? null : d.asString());
        }
        String settings = current.settings();
        if (patch.has("settings")) {
            JsonNode s = patch.get("settings");
            JsonNode merged = s.isNull() ? json.createObjectNode()
                    : MergePatch.apply(json.readTree(current.settings()), requireObject("settings", s));
            settings = json.writeValueAsString(merged);
        }
        Project updated = repository.update(caller.tenantId(), id, name, description, settings, status);
        List<String> fields = new ArrayList<>(patch.propertyNames());
        record(caller, "update_project", updated, Map.of("fields", fields));
        outbox.append(new ProjectUpdated(caller.tenantId(), id, updated.version(), updated.status(), fields, asApi(updated)));
        return updated;
    }

    /** Soft delete. Deleting a deleted project changes nothing and succeeds (DELETE is idempotent). */
    @Transactional
    public void delete(Caller caller, String id, Long expectedVersion) {
        caller.require(Role.WRITER);
        ProjectIds.requireValid(id);
        if (repository.findLocked(caller.tenantId(), id, true).map(Project::isDeleted).orElse(false)) {
            return;
        }
        Project current = lockForChange(caller.tenantId(), id, expectedVersion);
        if (Project.LOCKED.equals(current.status())) {
            throw new ApiException(ErrorCode.PROJECT_LOCKED, "Project '" + id + "' is locked; unlock it before deleting");
        }
        Project deleted = repository.update(caller.tenantId(), id, current.name(), current.description(),
                current.settings(), Project.DELETED);
        record(caller, "delete_project", deleted, Map.of());
        // listeners of ProjectDeleted (files, …) clean up inside this transaction
        outbox.append(new ProjectDeleted(caller.tenantId(), id, deleted.version(), deleted.status(), asApi(deleted)));
    }

    /** The project, or 404. Deleted projects are still found (they are soft-deleted). Cached. */
    public Project require(String tenantId, String id) {
        ProjectIds.requireValid(id);
        Project project = cache.get(tenantId, id, () -> repository.find(tenantId, id).orElse(null));
        if (project == null) throw ApiException.notFound("Project '" + id + "'");
        return project;
    }

    /**
     * Every change to a project row goes with an event on the project (ours, and those of modules
     * that change counters on the row, e.g. files): evict on each, on every instance, after commit.
     * Metadata events leave the row alone (they only share-lock it), so they keep the entry.
     */
    @EventListener
    void onChange(ProjectEvent change) {
        if (change.changesProjectRow()) cache.evict(change.tenantId(), change.projectId());
    }

    /**
     * For changes that hang off a project (metadata, files): 404 if absent, 409 if locked or deleted.
     * Holds a share lock on the project row until the caller's transaction ends, so the project
     * cannot be locked or deleted half-way through the change.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Project requireWritable(String tenantId, String id) {
        ProjectIds.requireValid(id);
        Project project = repository.findLocked(tenantId, id, false)
                .orElseThrow(() -> ApiException.notFound("Project '" + id + "'"));
        requireOpen(project);
        return project;
    }

    /**
     * For modules whose changes feed the project's counters (files): like {@link #requireWritable} but
     * with an exclusive row lock, so that concurrent changes of one project's content run one after
     * the other and each can recount from committed rows.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Project lockForContentChange(String tenantId, String id) {
        ProjectIds.requireValid(id);
        Project project = repository.findLocked(tenantId, id, true)
                .orElseThrow(() -> ApiException.notFound("Project '" + id + "'"));
        requireOpen(project);
        return project;
    }

    /**
     * The same exclusive lock without the status check, for maintenance that must also run on locked
     * projects (deleting expired staged files). 404 if the project does not exist.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockCounters(String tenantId, String id) {
        repository.findLocked(tenantId, id, true).orElseThrow(() -> ApiException.notFound("Project '" + id + "'"));
    }

    /** The counters of what a project holds, recounted by the module that owns the content. */
    public record ContentCounters(long sizeBytes, int fileCount, int tableCount, int bucketCount) {
        public static final ContentCounters EMPTY = new ContentCounters(0, 0, 0, 0);
    }

    /**
     * Stores the project's content counters in the caller's transaction. Call it while holding the lock
     * of {@link #lockForContentChange} (or inside the project's own deletion). Does not change the
     * project's version: counters are derived data, not an edit a client could conflict with.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void setContentCounters(String tenantId, String id, ContentCounters counters) {
        repository.setContentCounters(tenantId, id, counters);
        cache.evict(tenantId, id); // also done for the outbox event that goes with it; here in case one does not
    }

    /** The projects of one tenant with these ids (missing ones are left out), for modules that index or export. */
    @Transactional(readOnly = true)
    public List<Project> findAll(String tenantId, java.util.Collection<String> ids) {
        return ids.isEmpty() ? List.of() : repository.findAll(tenantId, ids);
    }

    /**
     * Up to {@code limit} live (not deleted) projects of the tenant with exactly this name, by id: how
     * a bulk import without an id column finds the project a row means.
     */
    @Transactional(readOnly = true)
    public List<Project> findLiveByName(String tenantId, String name, int limit) {
        return repository.findLiveByName(tenantId, name, limit);
    }

    /** Walks every live project of every tenant, a page at a time (e.g. to rebuild an index). */
    @Transactional(readOnly = true)
    public List<ProjectRef> scanLive(ProjectRef after, int limit) {
        return repository.scanLive(after, limit);
    }

    /** Active (live, not locked) projects of every tenant, a page at a time. */
    @Transactional(readOnly = true)
    public List<ProjectRef> scanActive(ProjectRef after, int limit) {
        return repository.scanStatus(Project.ACTIVE, after, limit);
    }

    /** Projects of every tenant deleted before {@code cutoff}, a page at a time (clean-ups of what they left). */
    @Transactional(readOnly = true)
    public List<ProjectRef> scanDeletedBefore(java.time.Instant cutoff, ProjectRef after, int limit) {
        return repository.scanDeletedBefore(cutoff, after, limit);
    }

    /** Whether this installation holds any project at all, deleted ones included (a restore needs none). */
    public boolean anyRegistered() {
        return repository.anyRegistered();
    }

    /** Live projects across all tenants. */
    @Transactional(readOnly = true)
    public long countLive() {
        return repository.countLive();
    }

    @Transactional(readOnly = true)
    public ProjectStats stats(String tenantId) {
        return repository.stats(tenantId);
    }

    private Project lockForChange(String tenantId, String id, Long expectedVersion) {
        ProjectIds.requireValid(id);
        Project current = repository.findLocked(tenantId, id, true)
                .orElseThrow(() -> ApiException.notFound("Project '" + id + "'"));
        if (current.isDeleted()) {
            throw new ApiException(ErrorCode.PROJECT_DELETED, "Project '" + id + "' is deleted");
        }
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED,
                    "Project '" + id + "' is at version " + current.version() + ", not " + expectedVersion);
        }
        return current;
    }

    private static void requireOpen(Project project) {
        if (project.isDeleted()) {
            throw new ApiException(ErrorCode.PROJECT_DELETED, "Project '" + project.id() + "' is deleted");
        }
        if (Project.LOCKED.equals(project.status())) {
            throw new ApiException(ErrorCode.PROJECT_LOCKED, "Project '" + project.id() + "' is locked");
        }
    }

    private void record(Caller caller, String operation, Project project, Map<String, ?> details) {
        operations.success(caller, operation, "project", project.id(), project.id(), details);
    }

    /** The project as the API shows it, for events that carry it to webhooks (settings is raw JSON text: parsed, not nested as a string). */
    private JsonNode asApi(Project project) {
        return json.readTree(json.writeValueAsString(project));
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) throw ApiException.invalidField("name", "required, a non-empty string");
        if (name.length() > MAX_NAME) throw ApiException.invalidField("name", "at most " + MAX_NAME + " characters");
        return name;
    }

    private static String checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.invalidField("description", "at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    private static JsonNode requireObject(String field, JsonNode node) {
        if (!node.isObject()) throw ApiException.invalidField(field, "must be a JSON object");
        return node;
    }

    private static String requireStatus(String status, Set<String> allowed) {
        if (!allowed.contains(status)) {
            throw ApiException.invalidField("status", "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return status;
    }

    /** RFC 7386: objects merge recursively, null removes, anything else replaces. */
    static final class MergePatch {
        private MergePatch() {}

        static JsonNode apply(JsonNode target, JsonNode patch) {
            if (!patch.isObject()) return patch;
            ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                    : ((ObjectNode) patch).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    result.remove(e.getKey());
                } else {
                    result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
                }
            }
            return result;
        }
    }
}
