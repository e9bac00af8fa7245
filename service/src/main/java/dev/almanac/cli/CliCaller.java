package dev.almanac.cli;

import dev.almanac.tenancy.Tenants;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.util.UUID;

/** Who a CLI command acts as: the operator at the terminal, with full rights in the tenant named. */
final class CliCaller {
    private CliCaller() {}

    static Caller of(String tenantId) {
        return new Caller(tenantId, "cli (" + System.getProperty("user.name", "unknown") + ")", Role.SYSTEM,
                "cli-" + UUID.randomUUID(), System.nanoTime());
    }

    /** Null when the tenant exists; otherwise what to tell the operator. */
    static String missingTenant(Tenants tenants, String tenantId) {
        return tenants.find(tenantId).isPresent() ? null
                : "Tenant '" + tenantId + "' does not exist; create it first (POST /api/admin/tenants)";
    }
}
