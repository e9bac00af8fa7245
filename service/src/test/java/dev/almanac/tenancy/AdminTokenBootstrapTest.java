package dev.almanac.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.config.AlmanacProperties;
import dev.almanac.testing.Api;
import dev.almanac.testing.ApiTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/** With no ALMANAC_ADMIN_TOKEN, a system key is generated and saved to the data dir, readable by the owner only. */
@ContextConfiguration(initializers = AdminTokenBootstrapTest.NoConfiguredToken.class)
class AdminTokenBootstrapTest extends ApiTestBase {
    @Autowired
    AlmanacProperties properties;

    static class NoConfiguredToken implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            try {
                TestPropertyValues.of("almanac.data.dir=" + Files.createTempDirectory("almanac-bootstrap-"),
                        "almanac.generation.warm-up-documents=0").applyTo(context);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void generatedKeyIsWrittenWithMode0600AndWorks() throws Exception {
        Path file = properties.data().dir().resolve("admin-token");
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        String token = Files.readString(file).trim();
        assertThat(token).startsWith("alm_").hasSizeGreaterThan(40);
        Api admin = anonymous.as(token);
        assertThat(admin.get("/api/admin/tenants").status()).isEqualTo(200);
        assertThat(admin.post("/api/admin/tenants", "{\"id\":\"boot-check\",\"name\":\"x\"}").status()).isEqualTo(201);
    }
}
