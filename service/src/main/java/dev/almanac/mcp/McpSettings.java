package dev.almanac.mcp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code almanac.mcp.*}: {@code enabled} serves {@code /mcp}; {@code writeToolsEnabled} offers the
 * tools that change data (to writer keys; off makes an instance read-only for agents);
 * {@code maxResultChars} is the budget of one tool answer (agents pay per token): a longer list is cut
 * and continued with its {@code next_cursor}.
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
