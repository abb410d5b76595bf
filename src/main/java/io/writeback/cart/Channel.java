package io.writeback.cart;

import java.util.Arrays;
import java.util.Optional;

/** The sales channels ("carts") we write tracking back to. {@link #code()} is the contract's name for it. */
public enum Channel {
    SHOPIFY("Shopify"),
    AMAZON("Amazon"),
    BIGCOMMERCE("BigCommerce"),
    MAGENTO("Magento"),
    WOOCOMMERCE("WooCommerce"),
    VOLUSION("Volusion");

    private final String displayName;

    Channel(String displayName) {
        this.displayName = displayName;
    }

    /** Lower-case name used in events, queue names ({@code writeback.<code>}) and route ids. */
    public String code() {
        return name().toLowerCase();
    }

    public String displayName() {
        return displayName;
    }

    /** Amazon confirms a shipment without a tracking number (seed 004); every other cart needs one. */
    public boolean requiresTracking() {
        return this != AMAZON;
    }

    public static Optional<Channel> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst();
    }
}
