package io.writeback.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.WritebackTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Liveness and readiness over HTTP, as a load balancer or Kubernetes reads them. */
class HealthTest extends WritebackTestSupport {

    @Test
    void readyWithEveryContractRouteStartedAndSaysSoOnlyToTheApiUsers() throws Exception {
        HttpResponse<String> anonymous = apiAs(null, "GET", "/actuator/health/readiness", null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(anonymous.body())).isEqualTo(JSON.readTree("{\"status\": \"UP\"}"));

        JsonNode routes = JSON.readTree(api("GET", "/actuator/health/readiness", null).body())
                .path("components").path("contractRoutes").path("details");
        assertThat(routes.size()).isEqualTo(27);
        assertThat(routes.path("shipments-intake").asText()).isEqualTo("Started");
        assertThat(routes.path("inventory-intake").asText()).isEqualTo("Started");
        assertThat(routes.path("inventory-magento").asText()).isEqualTo("Started");
        assertThat(routes.path("cart-http-volusion").asText()).isEqualTo("Started");

        assertThat(apiAs(null, "GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aSuspendedChannelIsStillReadyAStoppedRouteIsNot() throws Exception {
        camel.getRouteController().suspendRoute("writeback-magento");
        try {
            assertThat(apiAs(null, "GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        } finally {
            camel.getRouteController().resumeRoute("writeback-magento");
        }

        camel.getRouteController().stopRoute("writeback-failures");
        try {
            HttpResponse<String> notReady = api("GET", "/actuator/health/readiness", null);
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(notReady.body()).path("components").path("contractRoutes").path("details")
                    .path("writeback-failures").asText()).isEqualTo("Stopped");
        } finally {
            camel.getRouteController().startRoute("writeback-failures");
        }
        assertThat(apiAs(null, "GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void nothingElseOfTheActuatorIsOpen() {
        assertThat(apiAs(null, "GET", "/actuator/env", null).statusCode()).isIn(401, 403);
        assertThat(api("GET", "/actuator/env", null).statusCode()).isIn(403, 404);
    }
}
