package io.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The spec checks the channel tests rely on reject what the specs reject (the negative checks of carts.md). */
class CartRequestSchemasTest {

    @Test
    void amazonRequiresTrackingNumberAndPackageFields() {
        String valid = """
                {"marketplaceId":"ATVPDKIKX0DER","packageDetail":{"packageReferenceId":"1","carrierCode":"UPS",
                 "trackingNumber":"1Z5R89390357567127","shipDate":"2026-08-20T16:00:00Z",
                 "orderItems":[{"orderItemId":"79039765272157","quantity":1}]}}""";
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonConfirmShipment(), valid)).isEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonConfirmShipment(),
                valid.replace("\"trackingNumber\":\"1Z5R89390357567127\",", ""))).isNotEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonConfirmShipment(),
                valid.replace("\"quantity\":1", "\"quantity\":\"one\""))).isNotEmpty();
    }

    @Test
    void magentoRequiresCarrierCodeOnATrack() {
        String valid = """
                {"items":[{"order_item_id":3,"qty":1}],"notify":true,
                 "tracks":[{"track_number":"1Z5R89390357567127","title":"UPS","carrier_code":"ups"}],
                 "arguments":{"extension_attributes":{"source_code":"default"}}}""";
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoShip(), valid)).isEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoShip(),
                valid.replace(",\"carrier_code\":\"ups\"", ""))).isNotEmpty();
    }

    @Test
    void bigcommerceTypesTheShipmentFields() {
        String valid = """
                {"order_address_id":128,"tracking_number":"9400111899560000000000","shipping_provider":"",
                 "tracking_carrier":"usps","items":[{"order_product_id":194,"quantity":1}]}""";
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceCreateShipment(), valid)).isEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceCreateShipment(),
                valid.replace("\"order_address_id\":128", "\"order_address_id\":\"home\""))).isNotEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceCreateShipment(),
                valid.replace("9400111899560000000000", "9".repeat(51)))).isNotEmpty();
    }

    @Test
    void bigcommerceAbsoluteAdjustmentNeedsALocationAndAnItem() {
        String valid = """
                {"reason":"count","items":[{"location_id":1,"sku":"TEE","quantity":4}]}""";
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceAbsoluteAdjustment(), valid)).isEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceAbsoluteAdjustment(),
                valid.replace("\"location_id\":1,", ""))).isNotEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceAbsoluteAdjustment(),
                valid.replace("\"location_id\":1", "\"location_id\":\"gid://1\""))).isNotEmpty();
    }

    @Test
    void magentoSourceItemsAreAList() {
        String valid = """
                {"sourceItems":[{"sku":"TEE","source_code":"ne_wh","quantity":4,"status":1}]}""";
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoSourceItems(), valid)).isEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoSourceItems(), "{}")).isNotEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoSourceItems(),
                valid.replace("\"quantity\":4", "\"quantity\":\"four\""))).isNotEmpty();
    }

    @Test
    void amazonPatchNeedsAProductTypeAndPatches() {
        String valid = """
                {"productType":"PRODUCT","patches":[{"op":"replace","path":"/attributes/fulfillment_availability",
                 "value":[{"fulfillment_channel_code":"DEFAULT","quantity":4}]}]}""";
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonPatchListingsItem(), valid)).isEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonPatchListingsItem(),
                valid.replace("\"productType\":\"PRODUCT\",", ""))).isNotEmpty();
        assertThat(CartRequestSchemas.problems(CartRequestSchemas.amazonPatchListingsItem(),
                valid.replace("\"op\":\"replace\"", "\"op\":\"set\""))).isNotEmpty();
    }
}
