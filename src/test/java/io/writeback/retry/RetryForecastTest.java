package io.writeback.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.retry.RetryForecast.Outlook;
import io.writeback.retry.RetryForecast.OrderForecast;
import io.writeback.store.LocationMappings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Before a retry, what it will likely do: from the mappings, the failures' causes and what each cart did last. */
class RetryForecastTest extends WritebackTestSupport {

    @Autowired
    RetryForecast forecasts;

    @Autowired
    LocationMappings mappings;

    @Test
    void anUnmappedWarehouseFailsAgainUntilItIsMapped() {
        send(TestEvent.shopify("SHP-F1").with("warehouseId", "WH-B"));
        awaitShipment("SHP-F1", "FAILED");

        assertThat(only("1001")).extracting(OrderForecast::outlook, OrderForecast::reason).containsExactly(
                Outlook.WILL_FAIL, "warehouse WH-B still has no location for store test-shopify: map it first (Stores)");
        mappings.put("test-shopify", "WH-B", "gid://shopify/Location/2");
        assertThat(only("1001")).extracting(OrderForecast::outlook, OrderForecast::reason)
                .containsExactly(Outlook.LIKELY, "warehouse WH-B is mapped now");
    }

    @Test
    void aCartThatHasTakenNoWriteSinceItLastFailedToAnswerMayFailAgain() {
        send(TestEvent.shopifyOrder("SHP-F2", "1003", "31", 1));
        awaitShipment("SHP-F2", "SYNCED");
        shop.outage(1000);
        send(TestEvent.shopifyOrder("SHP-F3", "1002", "21", 1));
        awaitShipment("SHP-F3", "FAILED");

        assertThat(only("1002")).extracting(OrderForecast::outlook, OrderForecast::reason).containsExactly(
                Outlook.UNCERTAIN, "store test-shopify's cart has taken no write since it last failed to answer or"
                        + " kept us waiting too long");
        assertThat(only("1003")).as("not tagged: a resend, whatever the cart did since")
                .extracting(OrderForecast::tagged, OrderForecast::outlook, OrderForecast::reason)
                .containsExactly(false, Outlook.LIKELY, "a resend updates the tracking of the fulfillment it was"
                        + " written as");
    }

    @Test
    void unknownOrdersHaveNothingToRetryAndASuspendedChannelDelaysTheRest() throws Exception {
        send(TestEvent.shopify("SHP-F4").with("warehouseId", "WH-B"));
        awaitShipment("SHP-F4", "FAILED");
        camel.getRouteController().suspendRoute("writeback-shopify");
        try {
            RetryForecast.Forecast forecast = forecasts.forecast(List.of("1001", "NOPE-1"));
            assertThat(forecast.groups()).extracting(RetryForecast.Group::outlook, RetryForecast.Group::examples)
                    .containsExactly(tuple(Outlook.WILL_FAIL, "1001"), tuple(Outlook.NOTHING, "NOPE-1"));
            assertThat(forecast.delays()).containsExactly(
                    "Shopify is suspended: its retries wait in writeback.shopify until it is resumed (Channels)");
        } finally {
            camel.getRouteController().resumeRoute("writeback-shopify");
        }
    }

    private OrderForecast only(String orderNumber) {
        return forecasts.forecast(List.of(orderNumber)).orders().get(0);
    }
}
