package dev.almanac.search;

import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.JsonParameters;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
class SearchController {
    static final int MAX_QUERY_CHARS = 1_000;
    static final int MAX_LIMIT = 100;

    private final SearchService search;
    private final Projects projects;
    private final JsonMapper json;

    SearchController(SearchService search, Projects projects, JsonMapper json) {
        this.search = search;
        this.projects = projects;
        this.json = json;
    }

    record Results(List<SearchService.Hit> items, long tookMs) {}

    @GetMapping("/api/search")
    Results search(Caller caller, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "hybrid") String mode,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Double threshold,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String meta) {
        long start = System.nanoTime();
        if (q == null || q.isBlank()) throw ApiException.invalidField("q", "required, a non-empty query");
        if (q.length() > MAX_QUERY_CHARS) throw ApiException.invalidField("q", "at most " + MAX_QUERY_CHARS + " characters");
        var request = new SearchService.Request(caller.tenantId(), q.strip(), mode(mode), limit(limit), threshold(threshold),
                statuses(status), metaTerms(meta));
        List<SearchService.Hit> hits = search.search(request);
        return new Results(hits, (System.nanoTime() - start) / 1_000_000);
    }

    /** Projects whose text is closest in meaning to this one's (its chunks' mean vector). */
    @GetMapping("/api/projects/{projectId}/similar")
    Results similar(Caller caller, @PathVariable String projectId, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) Double threshold) {
        long start = System.nanoTime();
        projects.require(caller.tenantId(), projectId);
        List<SearchService.Hit> hits = search.similar(caller.tenantId(), projectId, limit(limit), threshold(threshold));
        return new Results(hits, (System.nanoTime() - start) / 1_000_000);
    }

    private static SearchService.Mode mode(String mode) {
        return switch (mode) {
            case "semantic" -> SearchService.Mode.SEMANTIC;
            case "keyword" -> SearchService.Mode.KEYWORD;
            case "hybrid" -> SearchService.Mode.HYBRID;
            default -> throw ApiException.invalidField("mode", "one of semantic, keyword, hybrid");
        };
    }

    private static int limit(Integer limit) {
        if (limit == null) return 10;
        if (limit < 1 || limit > MAX_LIMIT) throw ApiException.invalidField("limit", "between 1 and " + MAX_LIMIT);
        return limit;
    }

    private static double threshold(Double threshold) {
        if (threshold == null) return 0.0; // API.md's default: nothing less similar than unrelated
        if (threshold.isNaN() || threshold < -1 || threshold > 1) {
            throw ApiException.invalidField("threshold", "a cosine similarity between -1 and 1");
        }
        return threshold;
    }

    private static Set<String> statuses(String status) {
        if (status == null || status.isEmpty()) return Set.of("active", "locked");
        if (!status.equals("active") && !status.equals("locked")) {
            throw ApiException.invalidField("status", "active or locked (deleted projects are not searchable)");
        }
        return Set.of(status);
    }

    private Set<String> metaTerms(String meta) {
        if (meta == null) return Set.of();
        JsonNode filter = JsonParameters.requireObject(json, "meta", meta);
        Set<String> terms = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : filter.properties()) SearchableProject.flatten(e.getKey(), e.getValue(), terms);
        return terms;
    }
}
