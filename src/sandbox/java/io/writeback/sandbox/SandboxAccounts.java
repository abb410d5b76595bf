package io.writeback.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sandbox cart's accounts (shops, sellers, stores) by name: what the sandbox API and tests look up, and the demo
 * account the default stores use, which {@link #resetDemo()} puts back as it was at start-up.
 */
public abstract class SandboxAccounts<A extends SandboxCart> {

    private final String cart;
    private final String demoAccount;
    private final Map<String, A> accounts = new ConcurrentHashMap<>();

    protected SandboxAccounts(String cart, String demoAccount) {
        this.cart = cart;
        this.demoAccount = demoAccount;
    }

    /** The cart's channel code: shopify, amazon, … */
    public String cart() {
        return cart;
    }

    /** The account, or null when the cart has none of that name. */
    public A account(String name) {
        return accounts.get(name);
    }

    /** Puts the demo account back as it was at start-up (its orders unshipped, no faults). */
    public void resetDemo() {
        add(demoAccount, demo());
    }

    /** Adds (or replaces) an account; tests build their own fixtures this way. */
    protected A add(String name, A account) {
        accounts.put(name, account);
        return account;
    }

    /** The demo account behind the cart's default sandbox store. */
    protected abstract A demo();
}
