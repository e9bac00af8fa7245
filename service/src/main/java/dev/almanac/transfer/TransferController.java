package dev.almanac.transfer;

import dev.almanac.audit.Audited;
import dev.almanac.project.ProjectFilter;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/projects")
class TransferController {
    private final ProjectExport export;
    private final ProjectImport importer;
    private final List<ProjectFilter> filters;

    TransferController(ProjectExport export, ProjectImport importer, List<ProjectFilter> filters) {
        this.export = export;
        this.importer = importer;
        this.filters = filters;
    }

    @GetMapping("/export")
    void export(Caller caller, @RequestParam(required = false) String format,
            @RequestParam(required = false) String status, @RequestParam(required = false) String q,
            @RequestParam Map<String, String> parameters, HttpServletResponse response) throws IOException {
        ProjectExport.Format chosen = ProjectExport.Format.parse(format);
        if (q != null && q.length() > 500) throw ApiException.invalidField("q", "at most 500 characters");
        List<ProjectFilter.Condition> conditions = new ArrayList<>();
        for (ProjectFilter filter : filters) {
            String value = parameters.get(filter.parameter());
            if (value != null) conditions.add(filter.toCondition(caller.tenantId(), value));
        }
        response.setContentType(chosen.mediaType() + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                "attachment; filename=\"projects." + chosen.name().toLowerCase() + "\"");
        export.write(caller, new ProjectExport.Selection(status, q, conditions), chosen, response.getOutputStream());
    }

    @PostMapping(value = "/import", consumes = {"text/csv", "application/x-ndjson"})
    @Audited(operation = "import_projects", resourceType = "project")
    ProjectImport.Report importProjects(Caller caller, @RequestParam(required = false) String mode,
            HttpServletRequest request) throws IOException {
        return importer.run(caller, ProjectImport.Mode.parse(mode), request.getContentType(), request.getInputStream());
    }
}
