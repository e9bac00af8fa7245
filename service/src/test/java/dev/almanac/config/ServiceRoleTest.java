package dev.almanac.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceRoleTest {

    @Test
    void argumentBeatsEnvironmentAndAllIsTheDefault() {
        assertThat(ServiceRole.resolve(new String[0], Map.of())).isEqualTo(ServiceRole.ALL);
        assertThat(ServiceRole.resolve(new String[0], Map.of("ALMANAC_ROLE", "Worker"))).isEqualTo(ServiceRole.WORKER);
        assertThat(ServiceRole.resolve(new String[] {"--almanac.role=api"}, Map.of("ALMANAC_ROLE", "worker")))
                .isEqualTo(ServiceRole.API);
    }

    @Test
    void workersOpenNoHttpAndApiInstancesRunNoJobs() {
        assertThat(ServiceRole.WORKER.defaultProperties()).containsEntry("spring.main.web-application-type", "none")
                .containsEntry("spring.main.keep-alive", "true");
        assertThat(ServiceRole.API.defaultProperties()).containsEntry("almanac.generation.enabled", "false");
        assertThat(ServiceRole.ALL.defaultProperties()).isEmpty();
    }

    @Test
    void unknownRoleSaysWhatToSet() {
        assertThatThrownBy(() -> ServiceRole.resolve(new String[0], Map.of("ALMANAC_ROLE", "both")))
                .hasMessageContaining("ALMANAC_ROLE must be all, api or worker");
    }
}
