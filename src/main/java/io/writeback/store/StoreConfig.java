package io.writeback.store;

import io.writeback.cart.Channel;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured store ({@code writeback.stores.<id>}, design.md §2.7). Secrets stay in this object:
 * {@link #toString()} masks them and nothing serialises it.
 */
public record StoreConfig(
        Channel channel,
        URI baseUrl,
        String accessToken,
        @DefaultValue("2025-01") String apiVersion,
        @DefaultValue("true") boolean notifyCustomer,
        Map<String, String> locationMappings) {

    public StoreConfig {
        locationMappings = locationMappings == null ? Map.of() : Map.copyOf(locationMappings);
    }

    @Override
    public String toString() {
        return "StoreConfig[channel=" + channel + ", baseUrl=" + baseUrl + ", apiVersion=" + apiVersion
                + ", accessToken=" + (accessToken == null ? "unset" : "****") + "]";
    }
}
