package dev.almanac.mcp;

import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves MCP at {@code /mcp} with the official Java SDK's stateless Streamable HTTP servlet: every
 * POST is answered on its own, so any instance can take any request and nothing is kept between them.
 * The API-key filter runs before it ({@code /mcp} is authenticated like {@code /api}); the caller it
 * made travels to the tools in the MCP transport context.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpSettings.class)
@ConditionalOnProperty(name = "almanac.mcp.enabled", havingValue = "true", matchIfMissing = true)
class McpSetup {
    static final String ENDPOINT = "/mcp";
    private static final Logger log = LoggerFactory.getLogger(McpSetup.class);
    private static final String CALLER = "almanac.caller";

    @Bean
    HttpServletStatelessServerTransport mcpTransport() {
        return HttpServletStatelessServerTransport.builder()
                .jsonMapper(protocolMapper())
                .messageEndpoint(ENDPOINT)
                .contextExtractor(request -> {
                    Map<String, Object> values = new HashMap<>();
                    Object caller = request.getAttribute(Caller.ATTRIBUTE);
                    if (caller != null) values.put(CALLER, caller);
                    return McpTransportContext.create(values);
                })
                .build();
    }

    /** The protocol's own JSON: the SDK's field names, lenient about fields a newer client adds. */
    private static McpJsonMapper protocolMapper() {
        return new JacksonMcpJsonMapper(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
    }

    @Bean
    ServletRegistrationBean<HttpServletStatelessServerTransport> mcpServlet(HttpServletStatelessServerTransport transport) {
        ServletRegistrationBean<HttpServletStatelessServerTransport> registration =
                new ServletRegistrationBean<>(transport, ENDPOINT);
        registration.setAsyncSupported(true);
        registration.setName("mcp");
        return registration;
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(HttpServletStatelessServerTransport transport, AlmanacTools tools, McpSettings settings) {
        McpJsonMapper mapper = protocolMapper();
        var spec = McpServer.sync(transport)
                .serverInfo("almanac", "1")
                .instructions("Almanac keeps projects, their metadata (any JSON per key), typed definitions and AI "
                        + "suggestions to review. Lists answer in pages: pass next_cursor back as cursor to continue.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .jsonMapper(mapper)
                .immediateExecution(true)
                // write tools are listed only for callers who may use them, and only where they are on
                .addToolFilter((context, tool) -> !isWrite(tool) || (settings.writeToolsEnabled() && canWrite(context)));
        for (AlmanacTools.Tool tool : tools.all()) {
            if (tool.write() && !settings.writeToolsEnabled()) continue;
            McpSchema.Tool described = McpSchema.Tool.builder()
                    .name(tool.name())
                    .title(tool.title())
                    .description(tool.description())
                    .inputSchema(mapper, tool.inputSchema())
                    .annotations(new McpSchema.ToolAnnotations(tool.title(), !tool.write(), tool.destructive(),
                            !tool.write() || tool.destructive() ? Boolean.TRUE : Boolean.FALSE, false, null))
                    .meta(Map.of("almanac/write", tool.write()))
                    .build();
            spec.toolCall(described, (context, request) -> call(tools, tool, context, request));
        }
        return spec.build();
    }

    private static boolean isWrite(McpSchema.Tool tool) {
        return tool.meta() != null && Boolean.TRUE.equals(tool.meta().get("almanac/write"));
    }

    private static boolean canWrite(McpTransportContext context) {
        return context.get(CALLER) instanceof Caller c && c.role().includes(Role.WRITER);
    }

    private static McpSchema.CallToolResult call(AlmanacTools tools, AlmanacTools.Tool tool, McpTransportContext context,
            McpSchema.CallToolRequest request) {
        if (!(context.get(CALLER) instanceof Caller caller)) return error("Unauthenticated: send a valid API key");
        try {
            var answer = tool.handler().call(caller, new ToolArguments(request.arguments(), tools.jsonForArguments()));
            return McpSchema.CallToolResult.builder().addTextContent(tools.budget().text(answer)).isError(false).build();
        } catch (ApiException e) {
            // the API's own words: "<title>: <detail>", e.g. "Not found: Project 'x' not found"
            return error(e.code().title() + " (" + e.code().status().value() + "): " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("MCP tool {} failed", tool.name(), e);
            return error("Internal error: the tool failed; the server log has the details");
        }
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
