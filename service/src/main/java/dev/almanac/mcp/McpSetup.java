package dev.almanac.mcp;

import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
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

    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<McpErrors> mcpErrors() {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new McpErrors());
        registration.setUrlPatterns(java.util.List.of(ENDPOINT));
        registration.setName("mcpErrors");
        // innermost: after the request id, the input policy and authentication have run
        registration.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(HttpServletStatelessServerTransport transport, AlmanacTools tools,
            AlmanacResources resources, McpSettings settings) {
        McpJsonMapper mapper = protocolMapper();
        var spec = McpServer.sync(new TenantResourceList(transport, resources, mapper))
                .serverInfo("almanac", "1")
                .instructions("Almanac keeps projects, their metadata (any JSON per key), typed definitions and AI "
                        + "suggestions to review. Lists answer in pages: pass next_cursor back as cursor to continue.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
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
        for (McpSchema.ResourceTemplate template : resources.templates()) {
            spec.resourceTemplates(new McpStatelessServerFeatures.SyncResourceTemplateSpecification(template,
                    (context, request) -> resources.read(caller(context), request.uri())));
        }
        return spec.build();
    }

    private static Caller caller(McpTransportContext context) {
        if (context.get(CALLER) instanceof Caller caller) return caller;
        throw McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message("Unauthenticated: send a valid API key").build();
    }

    /**
     * The SDK lists only resources registered when the server is built; a tenant's projects change all
     * the time, so {@code resources/list} is answered here, per caller, and everything else goes on to the SDK.
     */
    private record TenantResourceList(HttpServletStatelessServerTransport transport, AlmanacResources resources,
            McpJsonMapper mapper) implements McpStatelessServerTransport {
        @Override
        public void setMcpHandler(McpStatelessServerHandler handler) {
            transport.setMcpHandler(new McpStatelessServerHandler() {
                @Override
                public Mono<McpSchema.JSONRPCResponse> handleRequest(McpTransportContext context, McpSchema.JSONRPCRequest request) {
                    if (!McpSchema.METHOD_RESOURCES_LIST.equals(request.method())) return handler.handleRequest(context, request);
                    return Mono.fromCallable(() -> {
                        try {
                            McpSchema.PaginatedRequest params = request.params() == null ? null
                                    : mapper.convertValue(request.params(), McpSchema.PaginatedRequest.class);
                            return McpSchema.JSONRPCResponse.result(request.id(),
                                    resources.list(caller(context), params == null ? null : params.cursor()));
                        } catch (McpError e) {
                            return McpSchema.JSONRPCResponse.error(request.id(), e.getJsonRpcError());
                        } catch (ApiException e) {
                            return McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                                    McpSchema.ErrorCodes.INVALID_PARAMS, e.code().title() + ": " + e.getMessage(), null));
                        }
                    });
                }

                @Override
                public Mono<Void> handleNotification(McpTransportContext context, McpSchema.JSONRPCNotification notification) {
                    return handler.handleNotification(context, notification);
                }
            });
        }

        @Override
        public Mono<Void> closeGracefully() {
            return transport.closeGracefully();
        }

        @Override
        public List<String> protocolVersions() {
            return transport.protocolVersions();
        }
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
