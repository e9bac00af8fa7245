package dev.almanac.config;

import java.util.Locale;
import java.util.Map;

/**
 * What one instance does ({@code ALMANAC_ROLE} or {@code --almanac.role=}): {@code all} (the default:
 * HTTP API and background jobs), {@code api} (HTTP only: runs no generation jobs) or {@code worker}
 * (background jobs only: no HTTP server at all). Each role only sets defaults, so an explicit setting
 * (e.g. {@code almanac.generation.enabled}) still wins.
 */
public enum ServiceRole {
    ALL, API, WORKER;

    public static ServiceRole resolve(String[] args, Map<String, String> env) {
        String value = null;
        for (String arg : args) {
            if (arg.startsWith("--almanac.role=")) value = arg.substring("--almanac.role=".length());
        }
        if (value == null) value = System.getProperty("almanac.role");
        if (value == null) value = env.get("ALMANAC_ROLE");
        if (value == null || value.isBlank()) return ALL;
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ALMANAC_ROLE must be all, api or worker, not '" + value + "'");
        }
    }

    public Map<String, Object> defaultProperties() {
        return switch (this) {
            case ALL -> Map.of();
            case API -> Map.of("almanac.generation.enabled", "false");
            // keep-alive: without a web server nothing else holds the JVM up (the workers are daemons)
            case WORKER -> Map.of("spring.main.web-application-type", "none", "spring.main.keep-alive", "true");
        };
    }
}
