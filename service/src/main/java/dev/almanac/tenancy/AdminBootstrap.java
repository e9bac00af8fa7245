package dev.almanac.tenancy;

import dev.almanac.config.AlmanacProperties;
import dev.almanac.web.Caller;
import dev.almanac.web.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On a fresh database, creates tenant {@code default} and its system key: ALMANAC_ADMIN_TOKEN if
 * set, otherwise a generated key that is printed once and written to {@code <data dir>/admin-token}
 * (mode 0600). An advisory lock makes this safe when several instances start together.
 */
@Component
class AdminBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AlmanacProperties properties;
    private final ApiKeys keys;
    private final Tenants tenants;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    AdminBootstrap(AlmanacProperties properties, ApiKeys keys, Tenants tenants, JdbcClient jdbc, TransactionTemplate tx) {
        this.properties = properties;
        this.keys = keys;
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        String configured = properties.admin().token();
        String generated = tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('almanac:bootstrap'))").query(Object.class).single();
            tenants.create(Caller.DEFAULT_TENANT, "Default tenant");
            if (keys.hasSystemKey()) return null;
            String secret = configured != null && !configured.isBlank() ? configured : "alm_" + ApiKeys.randomToken(32);
            keys.insert(Caller.DEFAULT_TENANT, "bootstrap", Role.SYSTEM, secret, "bootstrap");
            return secret;
        });
        if (generated == null) return;
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 16) log.warn("ALMANAC_ADMIN_TOKEN is shorter than 16 characters; use a long random value");
            log.info("Created the system API key of tenant 'default' from ALMANAC_ADMIN_TOKEN");
            return;
        }
        Path file = properties.data().dir().resolve("admin-token");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, generated + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        log.warn("Generated the system API key (shown once; also saved to {}): {}", file.toAbsolutePath(), generated);
    }
}
