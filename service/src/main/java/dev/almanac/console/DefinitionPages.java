package dev.almanac.console;

import dev.almanac.definition.Definition;
import dev.almanac.definition.DefinitionExport;
import dev.almanac.definition.DefinitionHistory;
import dev.almanac.definition.Definitions;
import dev.almanac.web.Caller;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Definitions: the tenant's types, the definitions of a type, one definition with its versions, a diff of two. */
@Controller
class DefinitionPages {
    private final Definitions definitions;
    private final DefinitionHistory history;
    private final JsonMapper json;
    private final DefinitionExport export;

    DefinitionPages(Definitions definitions, DefinitionHistory history, JsonMapper json, DefinitionExport export) {
        this.export = export;
        this.definitions = definitions;
        this.history = history;
        this.json = json;
    }

    @GetMapping("/definitions")
    String types(Caller caller, @RequestParam(required = false) String type, Model model) {
        model.addAttribute("types", history.storedTypes(caller));
        String chosen = ProjectPages.blankToNull(type);
        model.addAttribute("type", chosen == null ? "" : chosen);
        if (chosen != null) model.addAttribute("definitions", definitions.list(caller, chosen, true, 100, null).items());
        return "console/definitions";
    }

    /**
     * A download: one definition ({@code name} given) as the JSON file {@code definitions export}
     * writes, or every definition of the type as a JSON array of them; the same export code as the CLI.
     */
    @GetMapping("/definitions/export")
    ResponseEntity<byte[]> export(Caller caller, @RequestParam String type, @RequestParam(required = false) String name) {
        String chosen = ProjectPages.blankToNull(name);
        byte[] body = chosen == null ? export.exportTypeJson(caller, type) : export.exportJson(caller, type, chosen);
        String file = chosen == null ? type + ".json" : type + "-" + chosen + ".json";
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
                .body(body);
    }

    /** Rolling back asks first: the confirmation shows what would change, and its form carries the version it was shown at. */
    @GetMapping("/definitions/{type}/{name}/rollback")
    String confirmRollback(Caller caller, @PathVariable String type, @PathVariable String name, @RequestParam long version,
            Model model) {
        Definition current = definitions.get(caller, type, name);
        definition(caller, type, name, current.version(), version, model);
        model.addAttribute("rollbackTo", version);
        return "console/rollback";
    }

    @PostMapping("/definitions/{type}/{name}/rollback")
    String rollback(Caller caller, @PathVariable String type, @PathVariable String name, @RequestParam long version,
            @RequestParam(name = "current") long currentVersion) {
        definitions.rollback(caller, type, name, version, currentVersion);
        return "redirect:/definitions/" + ProjectPages.enc(type) + "/" + ProjectPages.enc(name);
    }

    @GetMapping("/definitions/{type}/{name}")
    String definition(Caller caller, @PathVariable String type, @PathVariable String name,
            @RequestParam(required = false) Long from, @RequestParam(required = false) Long to, Model model) {
        Definition current = definitions.get(caller, type, name);
        model.addAttribute("definition", current);
        model.addAttribute("data", json.writerWithDefaultPrettyPrinter().writeValueAsString(current.data()));
        if (current.isStored()) {
            model.addAttribute("versions", history.versions(caller, type, name, 100, null).items());
        }
        if (from != null) {
            long target = to == null ? current.version() : to;
            JsonNode before = history.version(caller, type, name, from).data();
            JsonNode after = history.version(caller, type, name, target).data();
            model.addAttribute("changes", JsonChanges.between(before, after, json));
            model.addAttribute("from", from);
            model.addAttribute("to", target);
        }
        return "console/definition";
    }
}
