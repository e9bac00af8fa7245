package dev.almanac.project;

import dev.almanac.audit.Audited;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ETags;
import dev.almanac.web.Page;
import dev.almanac.web.PageLimit;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/projects")
class ProjectController {
    private final Projects projects;
    private final PageLimit pageLimit;
    private final List<ProjectFilter> filters;

    ProjectController(Projects projects, PageLimit pageLimit, List<ProjectFilter> filters) {
        this.projects = projects;
        this.pageLimit = pageLimit;
        this.filters = filters;
    }

    @PostMapping(consumes = "application/json")
    @Audited(operation = "create_project", resourceType = "project")
    ResponseEntity<Project> create(Caller caller, @RequestBody Projects.NewProject request) {
        Project project = projects.create(caller, request);
        return ResponseEntity.created(URI.create("/api/projects/" + project.id()))
                .eTag(ETags.of(project.version()))
                .body(project);
    }

    @GetMapping
    Page<Project> list(Caller caller,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor,
            @RequestParam Map<String, String> parameters) {
        if (q != null && q.length() > 500) throw ApiException.invalidField("q", "at most 500 characters");
        List<ProjectFilter.Condition> conditions = new ArrayList<>();
        for (ProjectFilter filter : filters) {
            String value = parameters.get(filter.parameter());
            if (value != null) conditions.add(filter.toCondition(caller.tenantId(), value));
        }
        return projects.list(caller, status, q, conditions, pageLimit.resolve(limit), cursor);
    }

    @GetMapping("/{projectId}")
    ResponseEntity<Project> get(Caller caller, @PathVariable String projectId) {
        Project project = projects.get(caller, projectId);
        return ResponseEntity.ok().eTag(ETags.of(project.version())).body(project);
    }

    @PatchMapping(value = "/{projectId}", consumes = {"application/merge-patch+json", "application/json"})
    @Audited(operation = "update_project", resourceType = "project")
    ResponseEntity<Project> patch(Caller caller, @PathVariable String projectId, @RequestBody JsonNode patch,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        Project project = projects.patch(caller, projectId, patch, ETags.expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(project.version())).body(project);
    }

    @DeleteMapping("/{projectId}")
    @Audited(operation = "delete_project", resourceType = "project")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String projectId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        projects.delete(caller, projectId, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }
}
