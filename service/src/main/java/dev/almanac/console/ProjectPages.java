package dev.almanac.console;

import dev.almanac.audit.OperationLog;
import dev.almanac.file.ProjectFiles;
import dev.almanac.generation.Generation;
import dev.almanac.generation.JobOperations;
import dev.almanac.meta.MetaHistory;
import dev.almanac.meta.MetaVersion;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.ProjectFilter;
import dev.almanac.project.Projects;
import dev.almanac.search.SearchService;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The projects list, a project's page, editing its metadata, an entry's history, generation. */
@Controller
class ProjectPages {
    static final int PAGE_SIZE = 25;

    private final Projects projects;
    private final ProjectMetadata metadata;
    private final MetaHistory history;
    private final ProjectFiles files;
    private final Generation generation;
    private final JobOperations jobs;
    private final List<ProjectFilter> filters;
    private final JsonMapper json;
    private final SearchService search;
    private final ProjectCounts counts;
    private final OperationLog operations;
    /** Changes shown on a project's page; the API's operations log pages through all of them. */
    static final int RECENT_OPERATIONS = 15;

    ProjectPages(Projects projects, ProjectMetadata metadata, MetaHistory history, ProjectFiles files, Generation generation,
            JobOperations jobs, List<ProjectFilter> filters, JsonMapper json, SearchService search, ProjectCounts counts,
            OperationLog operations) {
        this.counts = counts;
        this.operations = operations;
        this.projects = projects;
        this.metadata = metadata;
        this.history = history;
        this.files = files;
        this.generation = generation;
        this.jobs = jobs;
        this.filters = filters;
        this.json = json;
        this.search = search;
    }

    @GetMapping("/projects")
    String list(Caller caller, @RequestParam(required = false) String status, @RequestParam(required = false) String q,
            @RequestParam(name = "meta_key", required = false) String metaKey,
            @RequestParam(name = "meta_value", required = false) String metaValue,
            @RequestParam(required = false) String cursor, Model model) {
        List<ProjectFilter.Condition> conditions = new ArrayList<>();
        if (metaKey != null && !metaKey.isBlank()) {
            var filter = json.createObjectNode().set(metaKey.strip(), Json.parseOrString(json, metaValue == null ? "" : metaValue));
            for (ProjectFilter f : filters) {
                if (f.parameter().equals("meta")) conditions.add(f.toCondition(caller.tenantId(), json.writeValueAsString(filter)));
            }
        }
        var page = projects.list(caller, blankToNull(status), blankToNull(q), conditions, PAGE_SIZE, blankToNull(cursor));
        model.addAttribute("projects", page.items());
        ProjectCounts.Counts counted = counts.of(caller.tenantId());
        model.addAttribute("stats", counted.stats());
        model.addAttribute("metaCount", counted.metaEntries());
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("metaKey", metaKey == null ? "" : metaKey);
        model.addAttribute("metaValue", metaValue == null ? "" : metaValue);
        model.addAttribute("nextPage", page.nextCursor() == null ? null
                : "/projects?status=" + enc(status) + "&q=" + enc(q) + "&meta_key=" + enc(metaKey) + "&meta_value="
                        + enc(metaValue) + "&cursor=" + enc(page.nextCursor()));
        return "console/projects";
    }

    @PostMapping("/projects")
    String create(Caller caller, @RequestParam(required = false) String id, @RequestParam String name,
            @RequestParam(required = false) String description) {
        Project created = projects.create(caller, new Projects.NewProject(blankToNull(id), name, blankToNull(description), null));
        counts.forget(caller.tenantId());
        return "redirect:/projects/" + enc(created.id());
    }

    @GetMapping("/projects/{id}")
    String project(Caller caller, @PathVariable String id, @RequestParam(required = false) String job, Model model) {
        Project project = projects.get(caller, id);
        model.addAttribute("project", project);
        model.addAttribute("entries", metadata.list(caller, id, 200, null).items());
        model.addAttribute("files", files.list(caller, id, null, 50, null).items());
        if (caller.role().includes(Role.ADMIN)) {
            model.addAttribute("jobs", jobs.list(caller, null, id, 10, null).items());
        }
        if (job != null) model.addAttribute("job", generation.job(caller, parseJobId(job)));
        model.addAttribute("similar", search.similar(caller.tenantId(), id, 5, 0.0));
        // the project's recent history from the operations log, as GET /api/operations?project_id= has it
        model.addAttribute("operations", operations.list(caller.tenantId(),
                new OperationLog.Filter(id, null, null, null), RECENT_OPERATIONS, null).items());
        return "console/project";
    }

    @PostMapping("/projects/{id}/meta")
    String putMeta(Caller caller, @PathVariable String id, @RequestParam String key, @RequestParam String value) {
        JsonNode parsed;
        try {
            parsed = json.readTree(value);
        } catch (JacksonException e) {
            throw ApiException.invalidField("value", "not valid JSON (a string needs quotes: \"finance\")");
        }
        metadata.put(caller, id, key.strip(), parsed, ProjectMetadata.Precondition.NONE);
        return "redirect:/projects/" + enc(id);
    }

    @PostMapping("/projects/{id}/meta/{key}/delete")
    String deleteMeta(Caller caller, @PathVariable String id, @PathVariable String key) {
        metadata.delete(caller, id, key, null);
        return "redirect:/projects/" + enc(id);
    }

    @GetMapping("/projects/{id}/meta/{key}/history")
    String entryHistory(Caller caller, @PathVariable String id, @PathVariable String key,
            @RequestParam(required = false) Long from, @RequestParam(required = false) Long to, Model model) {
        model.addAttribute("project", projects.get(caller, id));
        model.addAttribute("key", key);
        var versions = history.versions(caller, id, key, 100, null).items();
        model.addAttribute("versions", versions);
        if (from != null && to != null) {
            // the two values compared: a deletion has none; a version not among those listed is a 404
            model.addAttribute("from", from);
            model.addAttribute("to", to);
            model.addAttribute("changes", JsonChanges.between(valueOf(versions, from), valueOf(versions, to), json));
        }
        return "console/history";
    }

    private JsonNode valueOf(List<MetaVersion> versions, long version) {
        MetaVersion v = versions.stream().filter(x -> x.version() == version).findFirst()
                .orElseThrow(() -> ApiException.notFound("Version " + version + " of this entry"));
        return v.value() == null ? null : json.readTree(v.value());
    }

    @PostMapping("/projects/{id}/meta/{key}/restore")
    String restore(Caller caller, @PathVariable String id, @PathVariable String key, @RequestParam long version) {
        history.restore(caller, id, key, version, null);
        return "redirect:/projects/" + enc(id) + "/meta/" + enc(key) + "/history";
    }

    @PostMapping("/projects/{id}/generate")
    String generate(Caller caller, @PathVariable String id, @RequestParam(defaultValue = "false") boolean force) {
        Generation.Requested requested = generation.request(caller, id, force);
        if (requested.job() == null) return "redirect:/projects/" + enc(id);
        return "redirect:/projects/" + enc(id) + "?job=" + requested.job().id();
    }

    @PostMapping("/projects/{id}/status")
    String setStatus(Caller caller, @PathVariable String id, @RequestParam String status) {
        caller.require(Role.WRITER);
        if (!status.equals(Project.ACTIVE) && !status.equals(Project.LOCKED)) throw ApiException.invalidField("status", "active or locked");
        projects.patch(caller, id, json.createObjectNode().put("status", status), null);
        counts.forget(caller.tenantId());
        return "redirect:/projects/" + enc(id);
    }

    private static UUID parseJobId(String job) {
        try {
            return UUID.fromString(job);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Job '" + job + "'");
        }
    }

    static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
