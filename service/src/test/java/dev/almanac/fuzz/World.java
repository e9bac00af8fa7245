package dev.almanac.fuzz;

import java.util.List;

/**
 * What the fuzzer knows about the running service: its operations, the tenant it attacks from (all
 * three roles, and one of each kind of resource so requests reach past the 404), a victim tenant whose
 * ids it throws at every operation but whose keys it never sends, and a third tenant whose key it
 * sends for the other-tenant case.
 */
record World(ApiSurface surface, Tenant own, Tenant victim, String otherTenantKey, String consoleCookie, String csrf) {
    record Tenant(String id, String adminKey, String writerKey, String readerKey, String projectId, String metaKey,
            String webhookId, String marker) {}

    List<ApiSurface.Operation> operations() {
        return surface.operations();
    }
}
