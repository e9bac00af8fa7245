package dev.almanac.console;

import dev.almanac.search.SearchService;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/** One search box: hybrid by default, semantic or keyword on request; results with their snippets and scores. */
@Controller
class SearchPage {
    private final SearchService search;

    SearchPage(SearchService search) {
        this.search = search;
    }

    record Result(String projectId, String name, double score, String snippetHtml, String matchedBy) {}

    @GetMapping("/search")
    String search(Caller caller, @RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "hybrid") String mode,
            @RequestParam(required = false) String status, @RequestParam(required = false) String category,
            @RequestParam(required = false) String tags, Model model) {
        SearchService.Mode parsed = switch (mode) {
            case "semantic" -> SearchService.Mode.SEMANTIC;
            case "keyword" -> SearchService.Mode.KEYWORD;
            case "hybrid" -> SearchService.Mode.HYBRID;
            default -> throw ApiException.invalidField("mode", "hybrid, semantic or keyword");
        };
        if (q.length() > 1000) throw ApiException.invalidField("q", "at most 1000 characters");
        model.addAttribute("q", q);
        model.addAttribute("mode", mode);
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("category", category == null ? "" : category);
        model.addAttribute("tags", tags == null ? "" : tags);
        if (!q.isBlank()) {
            Set<String> statuses = switch (status == null ? "" : status) {
                case "" -> Set.of("active", "locked");
                case "active", "locked" -> Set.of(status);
                default -> throw ApiException.invalidField("status", "active or locked (deleted projects are not searchable)");
            };
            List<SearchService.Hit> hits = search.search(new SearchService.Request(caller.tenantId(), q.strip(), parsed, 20, 0.0,
                    statuses, metaTerms(category, tags)));
            model.addAttribute("results", hits.stream()
                    .map(h -> new Result(h.projectId(), h.name(), h.score(), highlighted(h.snippet()), h.matchedBy()))
                    .toList());
        }
        return "console/search";
    }

    /**
     * The filters as the index's exact metadata terms, the same the API's {@code meta} filter makes of
     * {@code {"category":"finance","tags":["q3","audit"]}}: a project must have every one of them.
     */
    static Set<String> metaTerms(String category, String tags) {
        Set<String> terms = new LinkedHashSet<>();
        if (category != null && !category.isBlank()) terms.add("category=" + category.strip());
        if (tags != null) {
            for (String tag : tags.split(",")) {
                if (!tag.isBlank()) terms.add("tags=" + tag.strip());
            }
        }
        return terms;
    }

    /** The snippet escaped, with only the highlighter's own {@code <b>} marks turned into {@code <mark>}. */
    static String highlighted(String snippet) {
        if (snippet == null) return "";
        return HtmlUtils.htmlEscape(snippet).replace("&lt;b&gt;", "<mark>").replace("&lt;/b&gt;", "</mark>");
    }
}
