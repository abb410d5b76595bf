package io.writeback.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The routes live in files beside the jar: the real app (its own JVM) started from a folder whose {@code routes}
 * is a symbolic link loads them and writes back; started with no routes to load, it refuses to run and names the
 * folder and the routes it lacks.
 */
class RoutesFolderTest {

    @Test
    void aRoutesFolderReachedThroughALinkLoads() throws Exception {
        Path dir = Path.of("target", "reliability", "routes-link-" + System.currentTimeMillis()).toAbsolutePath();
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.createSymbolicLink(run.resolve("routes"), Path.of("routes").toAbsolutePath());
        try (CountingCarts cart = new CountingCarts(0);
             AppProcess app = new AppProcess(dir, cart.port(), 10).in(run)) {
            app.start();
            CrashRecoveryTest.send(app.brokerPort(), 4);

            assertThat(CrashRecoveryTest.awaitNothingPendingOrFailed(app, 4, Duration.ofSeconds(30)))
                    .isEqualTo(Map.of("SYNCED", 4));
        }
    }

    @Test
    void withoutTheRoutesTheAppDoesNotStartAndSaysWhy() throws Exception {
        Path dir = Path.of("target", "reliability", "no-routes-" + System.currentTimeMillis()).toAbsolutePath();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        try (CountingCarts cart = new CountingCarts(0);
             AppProcess app = new AppProcess(dir, cart.port(), 2,
                     "--camel.main.routes-include-pattern=file:" + empty + "/*.yaml")) {
            assertThatThrownBy(app::start).hasMessageContaining("The app exited");
            assertThat(app.log()).contains("The routes did not all load from " + empty,
                    "missing [shipments-intake, writeback-deferral");
        }
    }
}
