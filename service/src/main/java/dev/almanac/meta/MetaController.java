package dev.almanac.meta;

import dev.almanac.audit.Audited;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ETags;
import dev.almanac.web.Page;
import dev.almanac.web.PageLimit;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/projects/{projectId}/meta")
class MetaController {
    private final ProjectMetadata metadata;
    private final PageLimit pageLimit;
    private final MetaHistory history;

    MetaController(ProjectMetadata metadata, PageLimit pageLimit, MetaHistory history) {
        this.metadata = metadata;
        this.history = history;
        this.pageLimit = pageLimit;
    }

    @PutMapping(value = "/{key}", consumes = "application/json")
    @Audited(operation = "put_meta", resourceType = "meta", resourceIdVariable = "key")
    ResponseEntity<MetaEntry> put(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestBody JsonNode value,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        var precondition = new ProjectMetadata.Precondition(ETags.expectedVersion(ifMatch),
                ifNoneMatch != null && ifNoneMatch.trim().equals("*"));
        ProjectMetadata.PutResult result = metadata.put(caller, projectId, key, value, precondition);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(ETags.of(result.entry().version()))
                .body(result.entry());
    }

    @GetMapping("/{key}")
    ResponseEntity<MetaEntry> get(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestParam(name = "as_of", required = false) String asOf) {
        if (asOf != null) return ResponseEntity.ok(history.asOf(caller, projectId, key, parseTime(asOf)));
        MetaEntry entry = metadata.get(caller, projectId, key);
        return ResponseEntity.ok().eTag(ETags.of(entry.version())).body(entry);
    }

    @GetMapping
    Page<MetaEntry> list(Caller caller, @PathVariable String projectId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
            @RequestParam(name = "as_of", required = false) String asOf) {
        if (asOf != null) return history.listAsOf(caller, projectId, parseTime(asOf), pageLimit.resolve(limit), cursor);
        return metadata.list(caller, projectId, pageLimit.resolve(limit), cursor);
    }

    @DeleteMapping("/{key}")
    @Audited(operation = "delete_meta", resourceType = "meta", resourceIdVariable = "key")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        metadata.delete(caller, projectId, key, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{key}/versions")
    Page<MetaVersion> versions(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return history.versions(caller, projectId, key, pageLimit.resolve(limit), cursor);
    }

    record RestoreRequest(Long version) {}

    @PostMapping(value = "/{key}/restore", consumes = "application/json")
    @Audited(operation = "restore_meta", resourceType = "meta", resourceIdVariable = "key")
    ResponseEntity<MetaEntry> restore(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestBody RestoreRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (request == null || request.version() == null) throw ApiException.invalidField("version", "required: the version to restore");
        MetaEntry entry = history.restore(caller, projectId, key, request.version(), ETags.expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(entry.version())).body(entry);
    }

    private static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("as_of", "an RFC 3339 timestamp, e.g. 2025-02-10T12:00:00Z");
        }
    }
}
