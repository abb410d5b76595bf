package io.writeback.sandbox.shopify;

import io.writeback.sandbox.SandboxCart;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sandbox Shopify shop: locations and what they stock, orders with line items, fulfillment orders assigned to
 * locations, fulfillments; faults come from {@link SandboxCart}. Methods are synchronized: the sandbox
 * serves concurrent consumers.
 */
public class SandboxShop extends SandboxCart {

    record Location(long id, String name, Set<String> stockedSkus) {
    }

    record LineItem(long id, String sku, int quantity) {
    }

    static final class FulfillmentOrderLine {
        final long id;
        final LineItem lineItem;
        int remaining;

        FulfillmentOrderLine(long id, LineItem lineItem, int remaining) {
            this.id = id;
            this.lineItem = lineItem;
            this.remaining = remaining;
        }
    }

    static final class FulfillmentOrder {
        final long id;
        long locationId;
        String status;
        final List<FulfillmentOrderLine> lines = new ArrayList<>();

        FulfillmentOrder(long id, long locationId, String status) {
            this.id = id;
            this.locationId = locationId;
            this.status = status;
        }
    }

    public record Fulfillment(long id, String name, String status, long locationId, String company, String number,
                              String url, boolean notifyCustomer, Map<Long, Integer> lineItemQuantities) {
    }

    static final class Order {
        final long id;
        final String name;
        final List<LineItem> lineItems = new ArrayList<>();
        final List<FulfillmentOrder> fulfillmentOrders = new ArrayList<>();
        final List<Fulfillment> fulfillments = new ArrayList<>();

        Order(long id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    final String accessToken;
    final Map<Long, Location> locations = new LinkedHashMap<>();
    /** One inventory item per SKU (a product variant's), and its available quantity at each location. */
    final Map<String, Long> inventoryItems = new LinkedHashMap<>();
    final Map<String, Integer> quantities = new LinkedHashMap<>();
    final Map<Long, Order> orders = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(5_000_000);
    /** GraphQL's leaky bucket: cost points available now, restored per second (Shopify Standard plan figures). */
    static final double BUCKET_SIZE = 1000;
    static final double RESTORE_RATE = 100;
    private double available = BUCKET_SIZE;
    private long refilledAt = System.nanoTime();

    public SandboxShop(String accessToken) {
        this.accessToken = accessToken;
    }

    public synchronized SandboxShop location(long id, String name, String... stockedSkus) {
        locations.put(id, new Location(id, name, Set.of(stockedSkus)));
        for (String sku : stockedSkus) {
            inventoryItem(sku);
        }
        return this;
    }

    /** A product variant with this SKU (stocked nowhere until a location stocks it); returns its inventory item id. */
    public synchronized long inventoryItem(String sku) {
        return inventoryItems.computeIfAbsent(sku, s -> nextId());
    }

    /** The SKU's variant deleted and created again in Shopify: a new inventory item id, the old one gone. */
    public synchronized SandboxShop recreateVariant(String sku) {
        inventoryItems.put(sku, nextId());
        return this;
    }

    /** The SKU's available quantity at the location, or null when it was never set there. */
    public synchronized Integer available(long locationId, String sku) {
        return quantities.get(locationId + "/" + sku);
    }

    /** An order whose line items sit on one open fulfillment order at {@code locationId}. */
    public synchronized SandboxShop order(long id, String name, long locationId, Object... lineIdSkuQuantity) {
        Order order = new Order(id, name);
        FulfillmentOrder fulfillmentOrder = new FulfillmentOrder(nextId(), locationId, "OPEN");
        for (int i = 0; i < lineIdSkuQuantity.length; i += 3) {
            LineItem line = new LineItem(((Number) lineIdSkuQuantity[i]).longValue(), (String) lineIdSkuQuantity[i + 1],
                    (Integer) lineIdSkuQuantity[i + 2]);
            order.lineItems.add(line);
            fulfillmentOrder.lines.add(new FulfillmentOrderLine(nextId(), line, line.quantity()));
        }
        order.fulfillmentOrders.add(fulfillmentOrder);
        orders.put(id, order);
        return this;
    }

    /** An order whose lines each sit on a fulfillment order of their own at {@code locationId}, as after splits. */
    public synchronized SandboxShop splitOrder(long id, String name, long locationId, Object... lineIdSkuQuantity) {
        order(id, name, locationId, lineIdSkuQuantity);
        Order order = orders.get(id);
        FulfillmentOrder all = order.fulfillmentOrders.remove(0);
        for (FulfillmentOrderLine line : all.lines) {
            FulfillmentOrder own = new FulfillmentOrder(nextId(), locationId, "OPEN");
            own.lines.add(line);
            order.fulfillmentOrders.add(own);
        }
        return this;
    }

    /** Fulfils the whole order as if someone shipped it in Shopify with this tracking. */
    public synchronized SandboxShop fulfilled(long orderId, String company, String number) {
        Order order = orders.get(orderId);
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        order.fulfillmentOrders.forEach(fo -> {
            fo.lines.forEach(l -> {
                quantities.merge(l.lineItem.id(), l.remaining, Integer::sum);
                l.remaining = 0;
            });
            fo.status = "CLOSED";
        });
        order.fulfillments.add(new Fulfillment(nextId(), order.name + "." + (order.fulfillments.size() + 1),
                "SUCCESS", order.fulfillmentOrders.get(0).locationId, company, number, null, false, quantities));
        return this;
    }

    public synchronized List<Fulfillment> fulfillments(long orderId) {
        return List.copyOf(orders.get(orderId).fulfillments);
    }

    /** Takes the query's cost from the bucket; false (THROTTLED) when there is not enough. */
    synchronized boolean spend(double cost) {
        refill();
        if (available < cost) {
            return false;
        }
        available -= cost;
        return true;
    }

    synchronized double available() {
        refill();
        return available;
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(BUCKET_SIZE, available + (now - refilledAt) / 1e9 * RESTORE_RATE);
        refilledAt = now;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    Collection<Order> orders() {
        return orders.values();
    }
}
