package io.writeback;

import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code contractRoutes}, part of readiness: UP while every contract route is started. A route an operator
 * suspended (a channel during its cart's outage) still counts: its messages wait in the broker on purpose. A route
 * that is missing or stopped is DOWN, and names itself.
 */
@Component
class ContractRoutesHealthIndicator implements HealthIndicator {

    private final CamelContext camel;

    ContractRoutesHealthIndicator(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Health health() {
        Map<String, Object> routes = new TreeMap<>();
        boolean up = camel.isStarted();
        for (String id : ContractRoutes.ids()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            routes.put(id, status == null ? "Missing" : status.name());
            up &= status != null && (status.isStarted() || status.isSuspended());
        }
        return (up ? Health.up() : Health.down()).withDetails(routes).build();
    }
}
