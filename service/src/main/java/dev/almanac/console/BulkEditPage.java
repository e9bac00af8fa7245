package dev.almanac.console;

import dev.almanac.meta.ProjectMetadata;
import dev.almanac.meta.SuggestionReview;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk edit from the projects list: one value set on several projects, or all their open
 * suggestions accepted, as a plain form post. Each project is its own call of the same service the
 * API uses (its own transaction), so one locked or vanished project fails alone and the summary says
 * which and why, while the others are done.
 */
@Controller
class BulkEditPage {
    /** A page of the list is 25 projects; more than this is not a form a person filled in. */
    static final int MAX_PROJECTS = 100;

    private final ProjectMetadata metadata;
    private final SuggestionReview review;
    private final JsonMapper json;
    private final ProjectCounts counts;

    BulkEditPage(ProjectMetadata metadata, SuggestionReview review, JsonMapper json, ProjectCounts counts) {
        this.counts = counts;
        this.metadata = metadata;
        this.review = review;
        this.json = json;
    }

    record Failure(String projectId, String reason) {}

    @PostMapping("/projects/bulk")
    String bulk(Caller caller, @RequestParam(name = "ids", required = false) List<String> ids,
            @RequestParam(defaultValue = "set") String action, @RequestParam(required = false) String key,
            @RequestParam(required = false) String value, Model model) {
        caller.require(Role.WRITER); // before anything: a reader's forged post is refused as a whole
        Set<String> chosen = new LinkedHashSet<>(ids == null ? List.of() : ids.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        if (chosen.isEmpty()) throw ApiException.invalidField("ids", "select at least one project");
        if (chosen.size() > MAX_PROJECTS) throw ApiException.invalidField("ids", "at most " + MAX_PROJECTS + " projects at once");
        List<String> changed = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        int accepted = 0;
        switch (action) {
            case "set" -> {
                String k = key == null ? "" : key.strip();
                if (k.isEmpty()) throw ApiException.invalidField("key", "required");
                JsonNode parsed = parse(value);
                for (String id : chosen) {
                    try {
                        metadata.put(caller, id, k, parsed, ProjectMetadata.Precondition.NONE);
                        changed.add(id);
                    } catch (ApiException e) {
                        // the key itself is wrong: the same answer for every project, so the form's error
                        if (e.errors().stream().anyMatch(f -> f.field().equals("key"))) throw e;
                        failures.add(new Failure(id, e.getMessage()));
                    }
                }
                model.addAttribute("what", "Set " + k + " = " + json.writeValueAsString(parsed));
            }
            case "accept" -> {
                for (String id : chosen) {
                    try {
                        int n = review.acceptAll(caller, id).size();
                        if (n > 0) changed.add(id);
                        accepted += n;
                    } catch (ApiException e) {
                        failures.add(new Failure(id, e.getMessage()));
                    }
                }
                model.addAttribute("what", "Accept all open suggestions");
            }
            default -> throw ApiException.invalidField("action", "set or accept");
        }
        if (!changed.isEmpty()) counts.forget(caller.tenantId()); // the entries count moved
        model.addAttribute("action", action);
        model.addAttribute("selected", chosen.size());
        model.addAttribute("changed", changed);
        model.addAttribute("accepted", accepted);
        model.addAttribute("failures", failures);
        return "console/bulk";
    }

    private JsonNode parse(String value) {
        try {
            if (value == null || value.isBlank()) throw ApiException.invalidField("value", "required, a JSON value");
            return json.readTree(value);
        } catch (JacksonException e) {
            throw ApiException.invalidField("value", "not valid JSON (a string needs quotes: \"finance\")");
        }
    }
}
