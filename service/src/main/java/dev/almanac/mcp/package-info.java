/**
 * The MCP server (Model Context Protocol, Streamable HTTP at {@code /mcp}): Almanac's tools for AI
 * agents. Each tool calls the same module services as the REST controllers with the caller the API
 * key made, so tenant, role and audit are exactly the API's.
 */
@ApplicationModule(allowedDependencies = {"audit", "definition", "generation", "meta", "project", "search", "web"})
package dev.almanac.mcp;

import org.springframework.modulith.ApplicationModule;
