package dev.almanac.audit;

import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import dev.almanac.web.PageLimit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OperationsController {
    private final OperationLog log;
    private final PageLimit pageLimit;

    OperationsController(OperationLog log, PageLimit pageLimit) {
        this.log = log;
        this.pageLimit = pageLimit;
    }

    @GetMapping("/api/operations")
    Page<OperationLog.Entry> list(Caller caller,
            @RequestParam(name = "project_id", required = false) String projectId,
            @RequestParam(name = "request_id", required = false) String requestId,
            @RequestParam(required = false) String operation,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return log.list(caller.tenantId(), new OperationLog.Filter(projectId, requestId, operation, status),
                pageLimit.resolve(limit), cursor);
    }
}
