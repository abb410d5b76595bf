package io.writeback.channel;

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

    /** Amazon confirms a shipment without a tracking number (a package sent without tracking); other carts need one. */
    public boolean requiresTracking() {
        return this != AMAZON;
    }

    /** Shopify fulfils from a location of the shop, so a warehouse must map to one; other carts use one if mapped. */
    public boolean requiresLocation() {
        return this == SHOPIFY;
    }

    /** Every channel's code, for a message that lists them: "shopify, amazon, …". */
    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(Channel::code).toList());
    }

    public static Optional<Channel> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst();
    }
}
