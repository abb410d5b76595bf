package io.writeback.store;

import io.writeback.channel.Channel;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One configured store ({@code writeback.stores.<id>}, design.md §2.7): the cart's root URL, the channel's
 * credentials and settings. Secrets stay in this object: {@link #toString()} leaves them out and
 * {@link #settings()} holds only what may be shown.
 */
public record StoreConfig(
        Channel channel,
        URI baseUrl,
        @DefaultValue("true") boolean notifyCustomer,
        Map<String, String> locationMappings,
        // warehouses whose counts the store leaves out of inventory writeback
        Set<String> inventoryExcludedWarehouses,
        RateLimit rateLimit,
        // Shopify, BigCommerce, Magento
        String accessToken,
        // Shopify
        @DefaultValue("2025-01") String apiVersion,
        // Amazon SP-API and Login with Amazon
        @DefaultValue("https://api.amazon.com/auth/o2/token") URI lwaUrl,
        String clientId,
        String clientSecret,
        String refreshToken,
        String marketplaceId,
        // Amazon Listings Items (inventory writeback): the seller's merchant token
        String sellerId,
        // BigCommerce
        String storeHash,
        // WooCommerce
        String consumerKey,
        String consumerSecret,
        // Volusion
        String login,
        String encryptedPassword) {

    /**
     * The store's rate budget, in requests (Shopify: GraphQL cost points): a bucket of {@code capacity} refilled at
     * {@code perSecond}. Unset: the cart's published limit (see {@code io.writeback.pacing.RateBudget}).
     */
    public record RateLimit(Double capacity, Double perSecond) {
    }

    public StoreConfig {
        locationMappings = locationMappings == null ? Map.of() : Map.copyOf(locationMappings);
        inventoryExcludedWarehouses = inventoryExcludedWarehouses == null ? Set.of()
                : Set.copyOf(inventoryExcludedWarehouses);
    }

    /** The properties a store of this channel must have, by their configuration names, that are missing. */
    List<String> missingSettings() {
        List<String> missing = new ArrayList<>();
        switch (channel) {
            case SHOPIFY, MAGENTO -> require(missing, "access-token", accessToken);
            case AMAZON -> {
                require(missing, "client-id", clientId);
                require(missing, "client-secret", clientSecret);
                require(missing, "refresh-token", refreshToken);
                require(missing, "marketplace-id", marketplaceId);
            }
            case BIGCOMMERCE -> {
                require(missing, "store-hash", storeHash);
                require(missing, "access-token", accessToken);
            }
            case WOOCOMMERCE -> {
                require(missing, "consumer-key", consumerKey);
                require(missing, "consumer-secret", consumerSecret);
            }
            case VOLUSION -> {
                require(missing, "login", login);
                require(missing, "encrypted-password", encryptedPassword);
            }
        }
        return missing;
    }

    /** The store's settings that are not secret, for the API. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        switch (channel) {
            case SHOPIFY -> settings.put("apiVersion", apiVersion);
            case AMAZON -> {
                settings.put("marketplaceId", marketplaceId);
                if (sellerId != null) {
                    settings.put("sellerId", sellerId);
                }
                settings.put("lwaUrl", lwaUrl.toString());
            }
            case BIGCOMMERCE -> settings.put("storeHash", storeHash);
            default -> { }
        }
        return settings;
    }

    private static void require(List<String> missing, String name, String value) {
        if (value == null || value.isBlank()) {
            missing.add(name);
        }
    }

    @Override
    public String toString() {
        return "StoreConfig[channel=" + channel + ", baseUrl=" + baseUrl + ", settings=" + settings() + "]";
    }
}
