package io.writeback.cart;

import java.time.Duration;
import org.apache.camel.component.http.HttpComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The camel-http component the {@code cart-http-<channel>} routes call the carts with. Each route's endpoint keeps
 * its own connection pool, sized to the channel's in-flight writes (its consumers), so a write never waits for a
 * connection another channel holds.
 */
@Configuration(proxyBeanMethods = false)
class CartConnections {

    @Bean("http")
    HttpComponent http(@Value("${writeback.http.connect-timeout}") Duration connectTimeout,
                       @Value("${writeback.http.request-timeout}") Duration requestTimeout,
                       @Value("${writeback.channel.max-concurrent-consumers}") int inFlightWrites) {
        HttpComponent http = new HttpComponent();
        http.setConnectTimeout(connectTimeout.toMillis());
        http.setSoTimeout(requestTimeout.toMillis());
        http.setResponseTimeout(requestTimeout.toMillis());
        // waiting for a free connection counts against the same bound as the call itself
        http.setConnectionRequestTimeout(requestTimeout.toMillis());
        http.setMaxTotalConnections(inFlightWrites);
        http.setConnectionsPerRoute(inFlightWrites);
        // the contract's redeliveries are the only retries: a request the client repeated on its own could write
        // a shipment twice
        http.setAutomaticRetriesDisabled(true);
        // nothing carried from one store's answer to another store's request
        http.setCookieManagementDisabled(true);
        http.setRedirectHandlingDisabled(true);
        return http;
    }
}
