package dev.almanac.web;

/**
 * Who is asking: the tenant every query is restricted to, the actor recorded in audit entries, and
 * the role that decides what they may do. Built once per request by the API-key filter; jobs and
 * CLI commands build their own.
 */
public record Caller(String tenantId, String actor, Role role, String requestId, long startedNanos) {
    public static final String ATTRIBUTE = Caller.class.getName();
    public static final String DEFAULT_TENANT = "default";

    public static Caller system(String actor) {
        return new Caller(DEFAULT_TENANT, actor, Role.SYSTEM, null, System.nanoTime());
    }

    /**
     * 403 unless the caller's role includes {@code minimum}. Called by the service that does the
     * work (not by its controller), so every door into it (REST, console, MCP, CLI) is held to the
     * same rule. Every caller is at least a reader, so reads need no call.
     */
    public void require(Role minimum) {
        if (!role.includes(minimum)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "This needs the " + minimum.wireName() + " role; the API key has " + role.wireName());
        }
    }

    public int elapsedMillis() {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
