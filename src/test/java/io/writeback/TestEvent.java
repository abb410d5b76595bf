package io.writeback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A shipment event for tests: valid by default, each field replaceable. */
public final class TestEvent {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private TestEvent() {
    }

    /** Order #1001 of the test shop: 2 × TEE (line 11) and 1 × MUG (line 12) from WH-A, UPS. */
    public static TestEvent shopify(String shipmentId) {
        TestEvent event = new TestEvent();
        event.fields.put("shipmentId", shipmentId);
        event.fields.put("orderNumber", "1001");
        event.fields.put("channel", "shopify");
        event.fields.put("storeId", "test-shopify");
        event.fields.put("channelOrderId", "1001");
        event.fields.put("warehouseId", "WH-A");
        event.fields.put("carrier", "ups");
        event.fields.put("shippingMethod", "UPS Ground");
        event.fields.put("trackingNumber", "1Z5R89390357567127");
        event.fields.put("shipDate", "2026-11-21T15:04:05Z");
        event.fields.put("items", List.of(item("TEE", "11", 2), item("MUG", "12", 1)));
        return event;
    }

    /** Order {@code orderNumber} of the test shop (cart id = order number) with one line. */
    public static TestEvent shopifyOrder(String shipmentId, String orderNumber, String lineItemId, int quantity) {
        return shopify(shipmentId).with("orderNumber", orderNumber).with("channelOrderId", orderNumber)
                .with("items", List.of(item(null, lineItemId, quantity)));
    }

    /** A UPS shipment from WH-A for any channel's store and order. */
    @SafeVarargs
    public static TestEvent of(String shipmentId, String channel, String storeId, String channelOrderId,
                               Map<String, Object>... items) {
        return shopify(shipmentId).with("channel", channel).with("storeId", storeId)
                .with("channelOrderId", channelOrderId).with("items", List.of(items));
    }

    public static Map<String, Object> item(String sku, String lineItemId, Object quantity) {
        Map<String, Object> item = new LinkedHashMap<>();
        if (sku != null) {
            item.put("sku", sku);
        }
        item.put("channelLineItemId", lineItemId);
        item.put("quantity", quantity);
        return item;
    }

    public TestEvent with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    public TestEvent without(String field) {
        fields.remove(field);
        return this;
    }

    public String json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
