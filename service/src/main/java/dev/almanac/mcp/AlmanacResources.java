package dev.almanac.mcp;

import dev.almanac.definition.Definitions;
import dev.almanac.meta.MetaEntry;
import dev.almanac.meta.ProjectMetadata;
import dev.almanac.project.Project;
import dev.almanac.project.Projects;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Projects and definitions as MCP resources: {@code almanac://projects/{projectId}} (the project with
 * its first page of metadata) and {@code almanac://definitions/{type}/{name}} (the definition's current
 * document). They are read with the caller of the request, through the same services as the API, so a
 * project of another tenant is "not found" exactly as it is there.
 */
@Component
class AlmanacResources {
    static final String PROJECT_TEMPLATE = "almanac://projects/{projectId}";
    static final String DEFINITION_TEMPLATE = "almanac://definitions/{type}/{name}";
    private static final String PROJECTS = "almanac://projects/";
    private static final String DEFINITIONS = "almanac://definitions/";
    private static final String JSON_TYPE = "application/json";
    private static final int LIST_LIMIT = 100;

    private final Projects projects;
    private final ProjectMetadata metadata;
    private final Definitions definitions;
    private final JsonMapper json;
    private final int maxChars;

    AlmanacResources(Projects projects, ProjectMetadata metadata, Definitions definitions, JsonMapper json, McpSettings settings) {
        this.projects = projects;
        this.metadata = metadata;
        this.definitions = definitions;
        this.json = json;
        this.maxChars = settings.maxResultChars();
    }

    List<McpSchema.ResourceTemplate> templates() {
        return List.of(
                McpSchema.ResourceTemplate.builder(PROJECT_TEMPLATE, "project").title("A project with its metadata")
                        .description("One project as the API shows it, with its first page of metadata entries.")
                        .mimeType(JSON_TYPE).build(),
                McpSchema.ResourceTemplate.builder(DEFINITION_TEMPLATE, "definition").title("A definition")
                        .description("The current document of a typed definition (view, object, flow…).")
                        .mimeType(JSON_TYPE).build());
    }

    /** The tenant's projects in id order, as many as fit the answer budget, with a cursor to continue. */
    McpSchema.ListResourcesResult list(Caller caller, String cursor) {
        Page<Project> page = projects.list(caller, null, null, List.of(), LIST_LIMIT, cursor);
        List<McpSchema.Resource> kept = new ArrayList<>();
        int used = 0;
        String next = page.nextCursor();
        for (Project p : page.items()) {
            McpSchema.Resource resource = McpSchema.Resource.builder(PROJECTS + encode(p.id()), p.name()).title(p.name())
                    .description(p.description()).mimeType(JSON_TYPE).build();
            int size = json.writeValueAsString(Map.of("uri", resource.uri(), "name", String.valueOf(p.name()),
                    "description", String.valueOf(p.description()))).length() + 40;
            if (used + size > maxChars - 100 && !kept.isEmpty()) {
                next = Page.encode(kept.getLast().uri().substring(PROJECTS.length()).transform(AlmanacResources::decode));
                break;
            }
            kept.add(resource);
            used += size;
        }
        return new McpSchema.ListResourcesResult(kept, next);
    }

    /** Reads one resource; a URI that names nothing here, or an API refusal, is an MCP error with the API's words. */
    McpSchema.ReadResourceResult read(Caller caller, String uri) {
        try {
            String text;
            if (uri.startsWith(PROJECTS)) {
                String id = decode(uri.substring(PROJECTS.length()));
                Project project = projects.get(caller, id);
                ObjectNode node = (ObjectNode) json.readTree(json.writeValueAsString(project));
                int reserve = json.writeValueAsString(node).length();
                node.set("metadata", new Budget(maxChars, json).page(metadata.list(caller, project.id(), LIST_LIMIT, null),
                        MetaEntry::key, reserve));
                text = json.writeValueAsString(node);
            } else if (uri.startsWith(DEFINITIONS) && uri.substring(DEFINITIONS.length()).split("/", -1).length == 2) {
                String[] parts = uri.substring(DEFINITIONS.length()).split("/", -1);
                text = json.writeValueAsString(definitions.get(caller, decode(parts[0]), decode(parts[1])));
            } else {
                throw McpError.RESOURCE_NOT_FOUND.apply(uri);
            }
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, JSON_TYPE, text)));
        } catch (ApiException e) {
            int code = e.code().status().value() == 404 ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND
                    : e.code().status().is4xxClientError() ? McpSchema.ErrorCodes.INVALID_PARAMS : McpSchema.ErrorCodes.INTERNAL_ERROR;
            throw McpError.builder(code).message(e.code().title() + " (" + e.code().status().value() + "): " + e.getMessage())
                    .data(Map.of("uri", uri)).build();
        }
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
