package dev.almanac.file;

import dev.almanac.audit.OperationLog;
import dev.almanac.web.ApiException;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliation over HTTP (system key) and as the health component {@code fileStoreConsistency}: DOWN when a
 * registered file's content is missing or has the wrong size. The health check scans the store at
 * most once a minute (sizes only), so probing health stays cheap.
 */
@RestController("fileStoreConsistency") // the bean name is the health component name
class FileAdmin implements HealthIndicator {
    private static final Duration HEALTH_CACHE = Duration.ofMinutes(1);

    private final Reconciliation reconciliation;
    private final OperationLog operations;
    private final AtomicReference<Cached> cached = new AtomicReference<>();

    private record Cached(Reconciliation.Report report, Instant at) {}

    FileAdmin(Reconciliation reconciliation, OperationLog operations) {
        this.reconciliation = reconciliation;
        this.operations = operations;
    }

    /** Report only. {@code checksums=true} reads every file (slow on large stores). */
    @GetMapping("/api/admin/files/reconcile")
    Reconciliation.Report check(Caller caller, @RequestParam(defaultValue = "false") boolean checksums) {
        caller.require(Role.SYSTEM);
        return reconciliation.run(checksums, false, reconciliation.defaultGrace());
    }

    private static final long MAX_GRACE_SECONDS = 100L * 365 * 24 * 3600;

    /** Report and delete orphans and temp files older than {@code grace_seconds} (default: the configured grace). */
    @PostMapping("/api/admin/files/reconcile")
    Reconciliation.Report repair(Caller caller, @RequestParam(defaultValue = "false") boolean checksums,
            @RequestParam(name = "grace_seconds", required = false) Long graceSeconds) {
        caller.require(Role.SYSTEM);
        if (graceSeconds != null && (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS)) {
            throw ApiException.invalidField("grace_seconds", "between 0 and " + MAX_GRACE_SECONDS + " (100 years)");
        }
        Duration grace = graceSeconds == null ? reconciliation.defaultGrace() : Duration.ofSeconds(graceSeconds);
        Reconciliation.Report report = reconciliation.run(checksums, true, grace);
        operations.success(caller, "reconcile_files", "file_store", "local", null,
                Map.of("orphans_deleted", report.orphansDeleted(), "temp_deleted", report.tempDeleted(),
                        "missing", report.missingCount(), "mismatched", report.mismatchCount()));
        return report;
    }

    @Override
    public Health health() {
        try {
            Cached c = cached.get();
            if (c == null || c.at().isBefore(Instant.now().minus(HEALTH_CACHE))) {
                c = new Cached(reconciliation.run(false, false, reconciliation.defaultGrace()), Instant.now());
                cached.set(c);
            }
            Reconciliation.Report r = c.report();
            Health.Builder builder = r.missingCount() + r.mismatchCount() > 0 ? Health.down() : Health.up();
            return builder.withDetail("registered", r.registered())
                    .withDetail("stored", r.stored())
                    .withDetail("missing", r.missingCount())
                    .withDetail("mismatched", r.mismatchCount())
                    .withDetail("orphaned", r.orphanCount())
                    .withDetail("temp_files", r.tempCount())
                    .withDetail("checked_at", c.at().toString())
                    .build();
        } catch (RuntimeException e) {
            return Health.unknown().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
