package dev.almanac.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StagingCleanupTest {

    @Test
    void theCleanupIntervalBecomesTheNearestCronThatIsNotSlower() {
        assertThat(StagingCleanup.cronEvery(Duration.ofMinutes(5))).isEqualTo("0 */5 * * * *");
        assertThat(StagingCleanup.cronEvery(Duration.ofMinutes(7))).isEqualTo("0 */6 * * * *");
        assertThat(StagingCleanup.cronEvery(Duration.ofSeconds(45))).isEqualTo("*/30 * * * * *");
        assertThat(StagingCleanup.cronEvery(Duration.ofMillis(300))).isEqualTo("*/1 * * * * *");
        assertThat(StagingCleanup.cronEvery(Duration.ofMinutes(90))).isEqualTo("0 0 */1 * * *");
        assertThat(StagingCleanup.cronEvery(Duration.ofHours(5))).isEqualTo("0 0 */4 * * *");
        assertThat(StagingCleanup.cronEvery(Duration.ofDays(2))).isEqualTo("0 0 0 * * *");
    }

    @Test
    void aCleanupIntervalOfZeroFailsAtStartSayingWhatToSet() {
        assertThatThrownBy(() -> StagingCleanup.cronEvery(Duration.ZERO))
                .hasMessageContaining("almanac.files.cleanup-interval must be positive");
    }
}
