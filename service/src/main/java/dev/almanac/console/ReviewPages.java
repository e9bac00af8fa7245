package dev.almanac.console;

import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.Suggestion;
import dev.almanac.meta.SuggestionReview;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review inbox: every open AI suggestion of the tenant, with the input it came from; accept,
 * reject, edit-then-accept, accept all of a project. Each action redirects back to the inbox (plain
 * forms work without JavaScript; the keyboard shortcuts in console.js submit the same forms).
 */
@Controller
class ReviewPages {
    /**
     * Suggestions a page shows: a reviewer works from the top, and the next ones move up as these are
     * decided. Each is three values, provenance and four forms (~3 KB); 100 a page took the inbox's
     * p95 to 68 ms at 100k projects, 50 to 61 ms (bench/RESULTS-console.md).
     */
    static final int INBOX_SIZE = 50;

    private final SuggestionReview review;
    private final JsonMapper json;

    ReviewPages(SuggestionReview review, JsonMapper json) {
        this.review = review;
        this.json = json;
    }

    /**
     * A suggestion as the inbox shows it: beside the value it would replace ({@code current}, JSON
     * text, null for none) and the input it came from, read out of its provenance.
     */
    record Item(String projectId, MetaEntry entry, String current, String provider, String model, String confidence) {}

    @GetMapping("/review")
    String inbox(Caller caller, Model model) {
        SuggestionReview.Inbox inbox = review.inbox(caller, INBOX_SIZE);
        Map<Suggestion, String> current = review.decidedValues(caller, inbox.items());
        model.addAttribute("suggestions", inbox.items().stream().map(s -> item(s, current.get(s))).toList());
        model.addAttribute("total", inbox.total());
        model.addAttribute("pageSize", INBOX_SIZE);
        return "console/review";
    }

    private Item item(Suggestion s, String current) {
        JsonNode provenance = s.entry().provenance() == null ? json.createObjectNode() : json.readTree(s.entry().provenance());
        JsonNode confidence = provenance.path("confidence");
        return new Item(s.projectId(), s.entry(), current, text(provenance.path("provider")), text(provenance.path("model")),
                confidence.isNumber() ? String.format(Locale.ROOT, "%.0f %%", confidence.asDouble() * 100) : text(confidence));
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "—" : node.isString() ? node.asString() : node.toString();
    }

    @PostMapping("/review/{projectId}/{key}/accept")
    String accept(Caller caller, @PathVariable String projectId, @PathVariable String key, @RequestParam long version) {
        review.accept(caller, projectId, key, version);
        return "redirect:/review";
    }

    @PostMapping("/review/{projectId}/{key}/reject")
    String reject(Caller caller, @PathVariable String projectId, @PathVariable String key, @RequestParam long version) {
        review.reject(caller, projectId, key, version);
        return "redirect:/review";
    }

    @PostMapping("/review/{projectId}/{key}/edit")
    String acceptEdited(Caller caller, @PathVariable String projectId, @PathVariable String key,
            @RequestParam long version, @RequestParam String value) {
        JsonNode parsed;
        try {
            parsed = json.readTree(value);
        } catch (JacksonException e) {
            throw ApiException.invalidField("value", "not valid JSON (a string needs quotes: \"finance\")");
        }
        review.acceptEdited(caller, projectId, key, parsed, version);
        return "redirect:/review";
    }

    @PostMapping("/review/{projectId}/accept-all")
    String acceptAll(Caller caller, @PathVariable String projectId) {
        review.acceptAll(caller, projectId);
        return "redirect:/review";
    }
}
