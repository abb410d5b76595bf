package io.writeback.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProductionSafetyTest {

    @Test
    void refusesTheDevelopmentDefaults() {
        assertThatThrownBy(() -> new ProductionSafety("writeback", "viewer", "writeback-viewer", "app", "s3cret-broker"))
                .hasMessageContaining("writeback.api.password")
                .hasMessageContaining("writeback.api.read-only-password");
    }

    @Test
    void refusesShortPasswordsAndAnAnonymousBrokerConnection() {
        assertThatThrownBy(() -> new ProductionSafety("short", "", "", "", ""))
                .hasMessageContaining("at least 12 characters")
                .hasMessageContaining("allows no anonymous clients");
    }

    @Test
    void startsWithRealCredentials() {
        assertThatCode(() -> new ProductionSafety("a-long-real-password", "", "", "writeback-app", "broker-password"))
                .doesNotThrowAnyException();
    }
}
