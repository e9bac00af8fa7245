package dev.almanac.mcp;

import dev.almanac.search.SearchService;
import dev.almanac.web.ApiException;
import dev.almanac.audit.OperationLog;
import dev.almanac.definition.Definition;
import dev.almanac.definition.DefinitionHistory;
import dev.almanac.definition.Definitions;
import dev.almanac.generation.Generation;
import dev.almanac.generation.GenerationJob;
import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.meta.SuggestionReview;
import dev.almanac.project.Project;
import dev.almanac.project.Projects;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tools agents get. Each one is a thin door onto the module service its REST endpoint calls,
 * with the caller of the request: the services check the role, keep to the tenant and write the
 * operations log, so an agent can do nothing a program with the same key could not.
 */
@Component
class AlmanacTools {
    private static final int MAX_LIMIT = 100;
    private static final int DEFAULT_LIMIT = 20;

    private final Projects projects;
    private final ProjectMetadata metadata;
    private final SuggestionReview review;
    private final Definitions definitions;
    private final DefinitionHistory history;
    private final Generation generation;
    private final OperationLog operations;
    private final JsonMapper json;
    private final Budget budget;
    private final SearchService search;

    AlmanacTools(Projects projects, ProjectMetadata metadata, SuggestionReview review, Definitions definitions,
            DefinitionHistory history, Generation generation, OperationLog operations, SearchService search, JsonMapper json,
            McpSettings settings) {
        this.search = search;
        this.projects = projects;
        this.metadata = metadata;
        this.review = review;
        this.definitions = definitions;
        this.history = history;
        this.generation = generation;
        this.operations = operations;
        this.json = json;
        this.budget = new Budget(settings.maxResultChars(), json);
    }

    interface Handler {
        JsonNode call(Caller caller, ToolArguments args);
    }

    /** One tool: {@code write} tools change data (writer role), {@code destructive} ones remove or overwrite it. */
    record Tool(String name, String title, String description, String inputSchema, boolean write, boolean destructive,
            Handler handler) {}

    Budget budget() {
        return budget;
    }

    JsonMapper jsonForArguments() {
        return json;
    }

    private static final String PAGING = """
            "limit": {"type": "integer", "minimum": 1, "maximum": 100, "description": "items per answer (default 20)"},
            "cursor": {"type": "string", "description": "next_cursor of the previous answer, to continue"}""";
    private static final String PROJECT_ID = """
            "project_id": {"type": "string", "description": "the project's id"}""";

    private static String schema(String properties, String... required) {
        return "{\"type\": \"object\", \"properties\": {" + properties + "}, \"required\": "
                + "[" + String.join(", ", java.util.Arrays.stream(required).map(r -> "\"" + r + "\"").toList()) + "]}";
    }

    private JsonNode searchProjects(Caller caller, ToolArguments a) {
        String mode = a.text("mode");
        if (mode == null) {
            return budget.page(projects.list(caller, a.text("status"), a.text("q"), List.of(),
                    a.limit(DEFAULT_LIMIT, MAX_LIMIT), a.text("cursor")), Project::id, 0);
        }
        SearchService.Mode parsed = switch (mode) {
            case "hybrid" -> SearchService.Mode.HYBRID;
            case "semantic" -> SearchService.Mode.SEMANTIC;
            case "keyword" -> SearchService.Mode.KEYWORD;
            default -> throw ApiException.invalidField("mode", "hybrid, semantic or keyword");
        };
        String q = a.text("q");
        if (q == null || q.isBlank() || q.length() > 1000) throw ApiException.invalidField("q", "1 to 1000 characters when a mode is given");
        String status = a.text("status");
        if ("deleted".equals(status)) throw ApiException.invalidField("status", "active or locked (deleted projects are not searchable)");
        var hits = search.search(new SearchService.Request(caller.tenantId(), q.strip(), parsed, a.limit(DEFAULT_LIMIT, MAX_LIMIT),
                -1.0, status == null ? java.util.Set.of("active", "locked") : java.util.Set.of(status), java.util.Set.of()));
        return budget.page(new dev.almanac.web.Page<>(hits, null), SearchService.Hit::projectId, 0);
    }

    List<Tool> all() {
        List<Tool> tools = new ArrayList<>();
        tools.add(new Tool("search_projects", "Search projects",
                "Finds the tenant's projects. With a mode (hybrid, semantic or keyword) and q: the search index, best "
                        + "first, by meaning and/or words, with scores and snippets (no cursor: raise limit). Without a mode: "
                        + "the project list in id order, optionally matching words (q) in name and description, with a cursor.",
                schema("""
                        "q": {"type": "string", "description": "what to look for (1-1000 characters with a mode)"},
                        "mode": {"type": "string", "enum": ["hybrid", "semantic", "keyword"], "description": "search the index instead of listing"},
                        "status": {"type": "string", "enum": ["active", "locked", "deleted"]},
                        """ + PAGING),
                false, false, this::searchProjects));
        tools.add(new Tool("get_project", "Get a project with its metadata",
                "One project as the API shows it, with its metadata entries (continue them with metadata_cursor).",
                schema(PROJECT_ID + """
                        , "metadata_cursor": {"type": "string", "description": "next_cursor of the metadata of a previous answer"}""",
                        "project_id"),
                false, false, this::getProject));
        tools.add(new Tool("list_definitions", "List definitions",
                "The tenant's typed definitions (views, objects, flows…) of one type, by name.",
                schema("""
                        "type": {"type": "string", "description": "e.g. view, object, flow"},
                        "include_inactive": {"type": "boolean"},
                        """ + PAGING, "type"),
                false, false, (caller, a) -> budget.page(definitions.list(caller, a.requiredText("type"), a.flag("include_inactive"),
                        a.limit(DEFAULT_LIMIT, MAX_LIMIT), a.text("cursor")), Definition::name, 0)));
        tools.add(new Tool("get_definition", "Get a definition",
                "A definition's current document, or one of its earlier versions.",
                schema("""
                        "type": {"type": "string"}, "name": {"type": "string"},
                        "version": {"type": "integer", "minimum": 1, "description": "an earlier version (default: the current one)"}""",
                        "type", "name"),
                false, false, (caller, a) -> {
                    Long version = a.number("version");
                    Definition d = version == null
                            ? definitions.get(caller, a.requiredText("type"), a.requiredText("name"))
                            : history.version(caller, a.requiredText("type"), a.requiredText("name"), version);
                    return json.valueToTree(d);
                }));
        tools.add(new Tool("diff_definition", "Diff two versions of a definition",
                "A JSON Patch (RFC 6902) from version 'from' to version 'to' (default: the current one).",
                schema("""
                        "type": {"type": "string"}, "name": {"type": "string"},
                        "from": {"type": "integer", "minimum": 1}, "to": {"type": "integer", "minimum": 1}""",
                        "type", "name", "from"),
                false, false, (caller, a) -> {
                    Long from = a.number("from");
                    if (from == null) throw dev.almanac.web.ApiException.invalidField("from", "is required");
                    ObjectNode result = json.createObjectNode();
                    result.set("patch", history.diff(caller, a.requiredText("type"), a.requiredText("name"), from, a.number("to")));
                    return result;
                }));
        tools.add(new Tool("get_meta", "Get a metadata entry",
                "One metadata entry of a project: its value, version, source and review status.",
                schema(PROJECT_ID + ", \"key\": {\"type\": \"string\"}", "project_id", "key"),
                false, false, (caller, a) -> entry(metadata.get(caller, a.requiredText("project_id"), a.requiredText("key")))));
        tools.add(new Tool("put_meta", "Set a metadata entry",
                "Creates or replaces one metadata entry of a project with any JSON value. Pass expected_version to refuse "
                        + "overwriting a change you have not seen.",
                schema(PROJECT_ID + """
                        , "key": {"type": "string"}, "value": {"description": "any JSON value"},
                        "expected_version": {"type": "integer", "minimum": 1}""", "project_id", "key", "value"),
                true, true, (caller, a) -> entry(metadata.put(caller, a.requiredText("project_id"), a.requiredText("key"),
                        a.requiredJson("value"), new ProjectMetadata.Precondition(a.number("expected_version"), false)).entry())));
        tools.add(new Tool("request_generation", "Request AI metadata",
                "Queues a generation job (summary, tags, category) for a project; its results arrive as suggestions to review.",
                schema(PROJECT_ID + ", \"force\": {\"type\": \"boolean\", \"description\": \"also replace values people accepted\"}",
                        "project_id"),
                true, false, (caller, a) -> {
                    Generation.Requested r = generation.request(caller, a.requiredText("project_id"), a.flag("force"));
                    ObjectNode result = job(r.job());
                    result.put("already_requested", r.exists());
                    return result;
                }));
        tools.add(new Tool("get_job", "Get a generation job", "A generation job's status, attempts, provider and error.",
                schema("\"job_id\": {\"type\": \"string\", \"format\": \"uuid\"}", "job_id"),
                false, false, (caller, a) -> job(generation.job(caller, a.uuid("job_id")))));
        tools.add(new Tool("list_suggestions", "List open AI suggestions",
                "A project's metadata entries that AI suggested and nobody has accepted or rejected yet.",
                schema(PROJECT_ID + ", " + PAGING, "project_id"),
                false, false, this::listSuggestions));
        tools.add(new Tool("accept_suggestion", "Accept a suggestion", "Accepts an open AI suggestion: its value stays, marked accepted.",
                schema(PROJECT_ID + ", \"key\": {\"type\": \"string\"}", "project_id", "key"),
                true, false, (caller, a) -> entry(review.accept(caller, a.requiredText("project_id"), a.requiredText("key"), null))));
        tools.add(new Tool("reject_suggestion", "Reject a suggestion",
                "Deletes an open AI suggestion and remembers it as rejected, so the same input does not suggest it again.",
                schema(PROJECT_ID + ", \"key\": {\"type\": \"string\"}", "project_id", "key"),
                true, true, (caller, a) -> {
                    review.reject(caller, a.requiredText("project_id"), a.requiredText("key"), null);
                    return json.createObjectNode().put("rejected", true).put("key", a.requiredText("key"));
                }));
        tools.add(new Tool("project_history", "A project's operations log",
                "Who changed what in a project and when, newest first, including failed and denied attempts.",
                schema(PROJECT_ID + ", " + PAGING, "project_id"),
                false, false, (caller, a) -> {
                    String id = a.requiredText("project_id");
                    projects.get(caller, id); // 404 for a project this tenant does not have
                    return budget.page(operations.list(caller.tenantId(), new OperationLog.Filter(id, null, null, null),
                            a.limit(DEFAULT_LIMIT, MAX_LIMIT), a.text("cursor")), e -> Long.toString(e.id()), 0);
                }));
        return tools;
    }

    private JsonNode getProject(Caller caller, ToolArguments a) {
        Project project = projects.get(caller, a.requiredText("project_id"));
        ObjectNode result = json.readTree(json.writeValueAsString(project)) instanceof ObjectNode o ? o : json.createObjectNode();
        int reserve = json.writeValueAsString(result).length();
        result.set("metadata", budget.page(metadata.list(caller, project.id(), MAX_LIMIT, a.text("metadata_cursor")),
                MetaEntry::key, reserve));
        return result;
    }

    private JsonNode listSuggestions(Caller caller, ToolArguments a) {
        String id = a.requiredText("project_id");
        int limit = a.limit(DEFAULT_LIMIT, MAX_LIMIT);
        // suggestions are a few entries among a project's metadata: read pages until the answer is full
        List<MetaEntry> found = new ArrayList<>();
        String cursor = a.text("cursor");
        String next = null;
        do {
            Page<MetaEntry> page = metadata.list(caller, id, MAX_LIMIT, cursor);
            for (MetaEntry e : page.items()) {
                if (found.size() == limit) {
                    next = Page.encode(found.getLast().key());
                    break;
                }
                if (ProjectMetadata.isSuggestion(e)) found.add(e);
            }
            cursor = page.nextCursor();
        } while (next == null && cursor != null);
        return budget.page(new Page<>(found, next), MetaEntry::key, 0);
    }

    private JsonNode entry(MetaEntry e) {
        return json.readTree(json.writeValueAsString(e));
    }

    private ObjectNode job(GenerationJob job) {
        ObjectNode node = (ObjectNode) json.readTree(json.writeValueAsString(job));
        node.remove("tenant_id");
        return node;
    }
}
