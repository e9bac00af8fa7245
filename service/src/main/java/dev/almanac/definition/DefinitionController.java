package dev.almanac.definition;

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
import org.springframework.http.MediaType;
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
import tools.jackson.databind.node.ArrayNode;

@RestController
@RequestMapping("/api/v1/metadata")
class DefinitionController {
    private static final MediaType JSON_PATCH = MediaType.parseMediaType("application/json-patch+json");
    private final Definitions definitions;
    private final DefinitionHistory history;
    private final PageLimit pageLimit;

    DefinitionController(Definitions definitions, DefinitionHistory history, PageLimit pageLimit) {
        this.definitions = definitions;
        this.history = history;
        this.pageLimit = pageLimit;
    }

    record RollbackRequest(Long version) {}

    @PutMapping(value = "/{type}/{name}", consumes = "application/json")
    @Audited(operation = "put_definition", resourceType = "definition", resourceIdVariable = "name")
    ResponseEntity<Definition> put(Caller caller, @PathVariable String type, @PathVariable String name,
            @RequestBody Definitions.Change change,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        var precondition = new Definitions.Precondition(ETags.expectedVersion(ifMatch),
                ifNoneMatch != null && ifNoneMatch.trim().equals("*"));
        Definitions.WriteResult result = definitions.put(caller, type, name, change, precondition);
        return withETag(ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK), result.definition());
    }

    @GetMapping("/{type}/{name}")
    ResponseEntity<Definition> get(Caller caller, @PathVariable String type, @PathVariable String name,
            @RequestParam(required = false) Long version, @RequestParam(name = "as_of", required = false) String asOf) {
        if (version != null && asOf != null) throw ApiException.badRequest("Give either 'version' or 'as_of', not both");
        Definition d = version != null ? history.version(caller, type, name, version)
                : asOf != null ? history.asOf(caller, type, name, parseTime(asOf))
                : definitions.get(caller, type, name);
        return withETag(ResponseEntity.ok(), d);
    }

    @GetMapping("/{type}")
    Page<Definition> list(Caller caller, @PathVariable String type,
            @RequestParam(name = "include_inactive", defaultValue = "false") boolean includeInactive,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return definitions.list(caller, type, includeInactive, pageLimit.resolve(limit), cursor);
    }

    @GetMapping("/{type}/{name}/versions")
    Page<DefinitionVersion> versions(Caller caller, @PathVariable String type, @PathVariable String name,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return history.versions(caller, type, name, pageLimit.resolve(limit), cursor);
    }

    @GetMapping("/{type}/{name}/diff")
    ResponseEntity<ArrayNode> diff(Caller caller, @PathVariable String type, @PathVariable String name,
            @RequestParam long from, @RequestParam(required = false) Long to) {
        return ResponseEntity.ok().contentType(JSON_PATCH).body(history.diff(caller, type, name, from, to));
    }

    @PostMapping(value = "/{type}/{name}/rollback", consumes = "application/json")
    @Audited(operation = "rollback_definition", resourceType = "definition", resourceIdVariable = "name")
    ResponseEntity<Definition> rollback(Caller caller, @PathVariable String type, @PathVariable String name,
            @RequestBody RollbackRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (request.version() == null) throw ApiException.invalidField("version", "required: the version to roll back to");
        var result = definitions.rollback(caller, type, name, request.version(), ETags.expectedVersion(ifMatch));
        return withETag(ResponseEntity.ok(), result.definition());
    }

    @DeleteMapping("/{type}/{name}")
    @Audited(operation = "delete_definition", resourceType = "definition", resourceIdVariable = "name")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String type, @PathVariable String name,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        definitions.delete(caller, type, name, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    /** Only stored definitions have a version to match; registry and file definitions get no ETag. */
    private static ResponseEntity<Definition> withETag(ResponseEntity.BodyBuilder response, Definition d) {
        if (d.isStored()) response.eTag(ETags.of(d.version()));
        return response.body(d);
    }

    private static Instant parseTime(String text) {
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField("as_of", "an RFC 3339 timestamp, e.g. 2025-02-10T12:00:00Z");
        }
        // RFC 3339 has four-digit years; PostgreSQL's timestamptz ends in year 294276
        if (time.getYear() < 1 || time.getYear() > 9999) {
            throw ApiException.invalidField("as_of", "a timestamp between the years 0001 and 9999");
        }
        return time.toInstant();
    }
}
