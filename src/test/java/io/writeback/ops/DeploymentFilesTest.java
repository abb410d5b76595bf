package io.writeback.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment as shipped: docker-compose.yml's app instances (merged from one definition) all share the stores'
 * rate budgets and answer on ports of their own, and the production example shares them too.
 */
class DeploymentFilesTest {

    @Test
    void everyComposeInstanceSharesTheRateBudgetsOnAPortOfItsOwn() throws IOException {
        Map<String, Object> services = map(read(Path.of("docker-compose.yml")).get("services"));
        List<Map<String, Object>> apps = services.entrySet().stream().filter(s -> s.getKey().startsWith("app"))
                .map(s -> map(s.getValue())).toList();

        assertThat(services).containsKeys("app-1", "app-2");
        apps.forEach(app -> assertThat(map(app.get("environment")))
                .containsEntry("WRITEBACK_RATE_LIMIT_SHARED", "true")
                .containsEntry("SPRING_PROFILES_ACTIVE", "production"));
        assertThat(apps.stream().map(app -> app.get("ports")).distinct()).hasSize(apps.size());
    }

    @Test
    void theProductionExampleSharesTheRateBudgets() throws IOException {
        Map<String, Object> writeback = map(read(Path.of("config/application-production.example.yaml"))
                .get("writeback"));
        assertThat(map(writeback.get("rate-limit"))).containsEntry("shared", true);
    }

    private static Map<String, Object> read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return map(new Yaml().load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return (Map<String, Object>) yaml;
    }
}
