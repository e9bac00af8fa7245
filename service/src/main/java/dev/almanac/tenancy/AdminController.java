package dev.almanac.tenancy;

import dev.almanac.audit.Audited;
import dev.almanac.web.Caller;
import dev.almanac.web.Page;
import dev.almanac.web.PageLimit;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/admin/tenants")
class AdminController {
    private final Administration administration;
    private final PageLimit pageLimit;

    AdminController(Administration administration, PageLimit pageLimit) {
        this.administration = administration;
        this.pageLimit = pageLimit;
    }

    record NewTenant(String id, String name) {}

    record NewKey(String name, String role) {}

    /** The only response that ever shows a key's secret. */
    record CreatedKey(String id, String tenantId, String name, String role, String key, Instant createdAt) {}

    record KeyView(String id, String tenantId, String name, String role, Instant createdAt, Instant revokedAt) {
        static KeyView of(ApiKeys.ApiKey k) {
            return new KeyView(k.id(), k.tenantId(), k.name(), k.role().wireName(), k.createdAt(), k.revokedAt());
        }
    }

    @PostMapping(consumes = "application/json")
    @Audited(operation = "create_tenant", resourceType = "tenant", resourceIdVariable = "tenant")
    ResponseEntity<Tenants.Tenant> createTenant(Caller caller, @RequestBody NewTenant request) {
        Tenants.Tenant tenant = administration.createTenant(caller, request.id(), request.name());
        return ResponseEntity.created(URI.create("/api/admin/tenants/" + tenant.id())).body(tenant);
    }

    @GetMapping
    Page<Tenants.Tenant> listTenants(Caller caller, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return administration.listTenants(caller, pageLimit.resolve(limit), cursor);
    }

    @PostMapping(value = "/{tenant}/keys", consumes = "application/json")
    @Audited(operation = "create_api_key", resourceType = "api_key", resourceIdVariable = "tenant")
    ResponseEntity<CreatedKey> createKey(Caller caller, @PathVariable String tenant, @RequestBody NewKey request) {
        ApiKeys.IssuedKey issued = administration.createKey(caller, tenant, request.name(), request.role());
        ApiKeys.ApiKey k = issued.key();
        return ResponseEntity.created(URI.create("/api/admin/tenants/" + tenant + "/keys/" + k.id()))
                .body(new CreatedKey(k.id(), k.tenantId(), k.name(), k.role().wireName(), issued.secret(), k.createdAt()));
    }

    @GetMapping("/{tenant}/keys")
    Page<KeyView> listKeys(Caller caller, @PathVariable String tenant, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        Page<ApiKeys.ApiKey> page = administration.listKeys(caller, tenant, pageLimit.resolve(limit), cursor);
        return new Page<>(page.items().stream().map(KeyView::of).toList(), page.nextCursor());
    }

    @DeleteMapping("/{tenant}/keys/{keyId}")
    @Audited(operation = "revoke_api_key", resourceType = "api_key", resourceIdVariable = "keyId")
    ResponseEntity<Void> revokeKey(Caller caller, @PathVariable String tenant, @PathVariable String keyId) {
        administration.revokeKey(caller, tenant, keyId);
        return ResponseEntity.noContent().build();
    }
}
