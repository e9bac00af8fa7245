package dev.almanac.mcp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.mcp.*}: the MCP server for agents.
 *
 * @param enabled serve the MCP server at /mcp
 * @param writeToolsEnabled offer the tools that change data (to writer keys); false makes this instance
 *     read-only for agents
 * @param maxResultChars budget of one tool answer (agents pay per token): a longer list is cut and
 *     continued with its next_cursor
 */
@ConfigurationProperties("almanac.mcp")
public record McpSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("true") boolean writeToolsEnabled,
        @DefaultValue("16000") int maxResultChars) {

    public McpSettings {
        if (maxResultChars < 1000) throw new IllegalArgumentException("almanac.mcp.max-result-chars must be at least 1000");
    }
}
