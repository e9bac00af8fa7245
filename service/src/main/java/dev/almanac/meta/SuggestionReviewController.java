package dev.almanac.meta;

import dev.almanac.audit.Audited;
import dev.almanac.web.Caller;
import dev.almanac.web.ETags;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/projects/{projectId}/meta")
class SuggestionReviewController {
    private final SuggestionReview review;

    SuggestionReviewController(SuggestionReview review) {
        this.review = review;
    }

    @PostMapping("/{key}/accept")
    @Audited(operation = "accept_meta", resourceType = "meta", resourceIdVariable = "key")
    ResponseEntity<MetaEntry> accept(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        MetaEntry entry = review.accept(caller, projectId, key, ETags.expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(ETags.of(entry.version())).body(entry);
    }

    @PostMapping("/{key}/reject")
    @Audited(operation = "reject_meta", resourceType = "meta", resourceIdVariable = "key")
    ResponseEntity<Void> reject(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        review.reject(caller, projectId, key, ETags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/accept")
    @Audited(operation = "accept_meta", resourceType = "meta")
    Map<String, List<MetaEntry>> acceptAll(Caller caller, @PathVariable String projectId) {
        return Map.of("items", review.acceptAll(caller, projectId));
    }
}
