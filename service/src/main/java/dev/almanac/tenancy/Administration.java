package dev.almanac.tenancy;

import dev.almanac.audit.OperationLog;
import dev.almanac.outbox.Outbox;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.ErrorCode;
import dev.almanac.web.Page;
import dev.almanac.web.Role;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants and their API keys. Only the system key manages tenants; a tenant's admin manages that
 * tenant's keys. Any other tenant is invisible to an admin (404, not 403).
 */
@Service
public class Administration {
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final Tenants tenants;
    private final ApiKeys keys;
    private final OperationLog operations;
    private final Outbox outbox;

    Administration(Tenants tenants, ApiKeys keys, OperationLog operations, Outbox outbox) {
        this.tenants = tenants;
        this.keys = keys;
        this.operations = operations;
        this.outbox = outbox;
    }

    @Transactional
    Tenants.Tenant createTenant(Caller caller, String id, String name) {
        caller.require(Role.SYSTEM);
        if (id == null || !TENANT_ID.matcher(id).matches()) {
            throw ApiException.invalidField("id", "1-63 characters of lower-case letters, digits, '_' or '-'");
        }
        String display = name == null || name.isBlank() ? id : name;
        if (display.length() > 200) throw ApiException.invalidField("name", "at most 200 characters");
        if (!tenants.create(id, display)) {
            throw new ApiException(ErrorCode.CONFLICT, "Tenant '" + id + "' already exists");
        }
        Caller inTenant = new Caller(id, caller.actor(), caller.role(), caller.requestId(), caller.startedNanos());
        operations.success(inTenant, "create_tenant", "tenant", id, null, Map.of("name", display));
        outbox.append(new TenantCreated(id, id));
        return tenants.find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Page<Tenants.Tenant> listTenants(Caller caller, int limit, String cursor) {
        caller.require(Role.SYSTEM);
        return Page.of(tenants.list(Page.decode(cursor), limit + 1), limit, Tenants.Tenant::id);
    }

    @Transactional
    public ApiKeys.IssuedKey createKey(Caller caller, String tenantId, String name, String role) {
        requireManages(caller, tenantId);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.invalidField("name", "required, at most 200 characters");
        }
        Role parsed;
        try {
            parsed = Role.fromWire(role == null ? "" : role);
        } catch (IllegalArgumentException e) {
            parsed = null;
        }
        if (parsed == null || parsed == Role.SYSTEM) {
            throw ApiException.invalidField("role", "one of reader, writer, admin");
        }
        ApiKeys.IssuedKey issued = keys.issue(tenantId, name, parsed, caller.actor());
        operations.success(asTenant(caller, tenantId), "create_api_key", "api_key", issued.key().id(), null,
                Map.of("name", name, "role", parsed.wireName()));
        outbox.append(ApiKeyChanged.created(tenantId, issued.key().id()));
        return issued;
    }

    @Transactional(readOnly = true)
    public Page<ApiKeys.ApiKey> listKeys(Caller caller, String tenantId, int limit, String cursor) {
        requireManages(caller, tenantId);
        return Page.of(keys.list(tenantId, Page.decode(cursor), limit + 1), limit, ApiKeys.ApiKey::id);
    }

    @Transactional
    public void revokeKey(Caller caller, String tenantId, String keyId) {
        requireManages(caller, tenantId);
        if (!keys.revoke(tenantId, keyId)) {
            throw ApiException.notFound("API key '" + keyId + "'");
        }
        operations.success(asTenant(caller, tenantId), "revoke_api_key", "api_key", keyId, null, Map.of());
        outbox.append(ApiKeyChanged.revoked(tenantId, keyId));
    }

    private void requireManages(Caller caller, String tenantId) {
        if (caller.role() != Role.SYSTEM && !caller.tenantId().equals(tenantId)) {
            throw ApiException.notFound("Tenant '" + tenantId + "'");
        }
        caller.require(Role.ADMIN);
        if (tenants.find(tenantId).isEmpty()) {
            throw ApiException.notFound("Tenant '" + tenantId + "'");
        }
    }

    private static Caller asTenant(Caller caller, String tenantId) {
        return new Caller(tenantId, caller.actor(), caller.role(), caller.requestId(), caller.startedNanos());
    }
}
