package io.writeback.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every route's exchanges (total, failed, in flight) and times through camel-micrometer, tagged with the route id:
 * the cart calls' routes ({@code cart-http-<channel>}) give each cart's call times as Camel sees them.
 */
@Configuration(proxyBeanMethods = false)
class CamelRouteMetrics {

    @Bean
    MicrometerRoutePolicyFactory camelRoutePolicyMetrics(MeterRegistry registry) {
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setMeterRegistry(registry);
        return factory;
    }
}
