package io.writeback.sandbox;

/** A sandbox cart's accounts (shops, sellers, stores), for the sandbox API. */
public interface SandboxAccounts {

    /** The cart's channel code: shopify, amazon, … */
    String cart();

    /** The account, or null when the cart has none of that name. */
    SandboxCart account(String name);

    /** Puts the demo account back as it was at start-up (its orders unshipped, no faults). */
    void resetDemo();
}
