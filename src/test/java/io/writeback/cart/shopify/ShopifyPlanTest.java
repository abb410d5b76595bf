package io.writeback.cart.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writeback.cart.shopify.Shopify.Allocation;
import io.writeback.cart.shopify.Shopify.Fulfillment;
import io.writeback.cart.shopify.Shopify.FulfillmentOrder;
import io.writeback.cart.shopify.Shopify.FulfillmentOrderLine;
import io.writeback.cart.shopify.Shopify.Order;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.ShipmentEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which fulfillment-order lines a shipment's items are fulfilled from: Shopify's plan, without Shopify. */
class ShopifyPlanTest {

    private static final String MAIN = "gid://shopify/Location/1";
    private static final String EAST = "gid://shopify/Location/2";
    private static final String TEE = "gid://shopify/LineItem/11";
    private static final String MUG = "gid://shopify/LineItem/12";

    @Test
    void takesTheLinesAtTheShipmentsLocationFirst() {
        FulfillmentOrder main = fulfillmentOrder("FO-1", "OPEN", MAIN, line("FOL-1", TEE, 2));
        FulfillmentOrder east = fulfillmentOrder("FO-2", "OPEN", EAST, line("FOL-2", TEE, 2));

        Map<FulfillmentOrder, List<Allocation>> plan = Shopify.plan(order(main, east), event(item("11", 2)), EAST);

        assertThat(plan).containsOnlyKeys(east);
        assertThat(plan.get(east)).containsExactly(new Allocation("FOL-2", 2));
    }

    @Test
    void anItemSplitOverTwoFulfillmentOrdersTakesWhatEachHas() {
        FulfillmentOrder main = fulfillmentOrder("FO-1", "OPEN", MAIN, line("FOL-1", TEE, 1), line("FOL-3", MUG, 1));
        FulfillmentOrder east = fulfillmentOrder("FO-2", "IN_PROGRESS", EAST, line("FOL-2", TEE, 2));

        Map<FulfillmentOrder, List<Allocation>> plan = Shopify.plan(order(main, east),
                event(item("11", 3), item("12", 1)), MAIN);

        assertThat(plan.get(main)).containsExactly(new Allocation("FOL-1", 1), new Allocation("FOL-3", 1));
        assertThat(plan.get(east)).containsExactly(new Allocation("FOL-2", 2));
    }

    @Test
    void moreThanRemainsIsAnItemsMismatch() {
        Order order = order(fulfillmentOrder("FO-1", "OPEN", MAIN, line("FOL-1", TEE, 1)));

        assertFails(() -> Shopify.plan(order, event(item("11", 2)), MAIN), FailureCategory.ITEMS_MISMATCH,
                "ships 2 of line item 11 (SKU TEE) but only 1 remain unfulfilled on Shopify order #1001");
    }

    @Test
    void aLineTheOrderDoesNotHaveIsAnItemsMismatch() {
        Order order = order(fulfillmentOrder("FO-1", "OPEN", MAIN, line("FOL-1", TEE, 1)));

        assertFails(() -> Shopify.plan(order, event(item("99", 1)), MAIN), FailureCategory.ITEMS_MISMATCH,
                "Line item 99 (SKU TEE) is not on Shopify order #1001");
    }

    @Test
    void aLineOnHoldIsRefusedSayingHowToReleaseIt() {
        Order order = order(fulfillmentOrder("FO-1", "ON_HOLD", MAIN, line("FOL-1", TEE, 2)));

        assertFails(() -> Shopify.plan(order, event(item("11", 1)), MAIN), FailureCategory.REJECTED,
                "is on a fulfillment order with status ON_HOLD: release or reopen it in Shopify");
    }

    @Test
    void aFulfilledLineIsAlreadyShippedNamingTheFulfillment() {
        Order order = new Order("gid://shopify/Order/1001", "#1001",
                List.of(fulfillmentOrder("FO-1", "CLOSED", MAIN, line("FOL-1", TEE, 0))),
                List.of(new Fulfillment("F-1", "#1001-F1", "SUCCESS", List.of("1Z999AA10123456784"))));

        assertFails(() -> Shopify.plan(order, event(item("11", 1)), MAIN), FailureCategory.ALREADY_SHIPPED,
                "is already fulfilled (#1001-F1 with tracking 1Z999AA10123456784)");
    }

    private static void assertFails(Runnable plan, FailureCategory category, String reason) {
        assertThatThrownBy(plan::run).isInstanceOfSatisfying(WritebackFailure.class,
                failure -> assertThat(failure.getCategory()).isEqualTo(category)).hasMessageContaining(reason);
    }

    private static Order order(FulfillmentOrder... fulfillmentOrders) {
        return new Order("gid://shopify/Order/1001", "#1001", Arrays.asList(fulfillmentOrders), List.of());
    }

    private static FulfillmentOrder fulfillmentOrder(String id, String status, String locationId,
                                                     FulfillmentOrderLine... lines) {
        return new FulfillmentOrder(id, status, Set.of("MOVE"), locationId, locationId, Arrays.asList(lines));
    }

    private static FulfillmentOrderLine line(String id, String lineItemId, int remaining) {
        return new FulfillmentOrderLine(id, lineItemId, remaining);
    }

    private static ShipmentEvent.Item item(String lineItemId, int quantity) {
        return new ShipmentEvent.Item("11".equals(lineItemId) || "99".equals(lineItemId) ? "TEE" : "MUG",
                lineItemId, quantity);
    }

    private static ShipmentEvent event(ShipmentEvent.Item... items) {
        return new ShipmentEvent("SHP-1", "1001", Channel.SHOPIFY, "test-shopify", "1001", "WH-A", "ups", null, null,
                "1Z999AA10123456784", null, Instant.parse("2026-11-21T15:04:05Z"), Arrays.asList(items), null, false);
    }
}
