package dev.almanac.console;

import dev.almanac.search.SearchService;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
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
            @RequestParam(required = false) String status, Model model) {
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
        if (!q.isBlank()) {
            Set<String> statuses = status == null || status.isBlank() ? Set.of("active", "locked") : Set.of(status);
            List<SearchService.Hit> hits = search.search(new SearchService.Request(caller.tenantId(), q.strip(), parsed, 20, 0.0,
                    statuses, Set.of()));
            model.addAttribute("results", hits.stream()
                    .map(h -> new Result(h.projectId(), h.name(), h.score(), highlighted(h.snippet()), h.matchedBy()))
                    .toList());
        }
        return "console/search";
    }

    /** The snippet escaped, with only the highlighter's own {@code <b>} marks turned into {@code <mark>}. */
    static String highlighted(String snippet) {
        if (snippet == null) return "";
        return HtmlUtils.htmlEscape(snippet).replace("&lt;b&gt;", "<mark>").replace("&lt;/b&gt;", "</mark>");
    }
}
