package io.writeback.inventory;

import static io.writeback.TestInventory.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.writeback.CartRequestSchemas;
import io.writeback.WritebackTestSupport;
import io.writeback.pacing.RateStatus;
import io.writeback.sandbox.SandboxCart;
import io.writeback.sandbox.amazon.AmazonSandbox;
import io.writeback.sandbox.bigcommerce.BigCommerceSandbox;
import io.writeback.sandbox.magento.MagentoSandbox;
import io.writeback.sandbox.volusion.VolusionSandbox;
import io.writeback.sandbox.woocommerce.WooCommerceSandbox;
import io.writeback.store.LocationMappings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each cart's inventory API, through the whole flow against its sandbox: what the cart holds afterwards, and every
 * request body checked against the cart's official spec where one exists (BigCommerce Inventory v3, Magento MSI,
 * Amazon Listings Items).
 */
class CartInventoryTest extends WritebackTestSupport {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private LocationMappings mappings;

    @Test
    void bigcommerceSetsEachLocationsQuantityBySkuWithTheInventoryApi() {
        BigCommerceSandbox.Store store = bigcommerce.createStore("test", "test-token")
                .inventory(Set.of("TEE", "MUG"), 2L);
        mappings.put("test-bigcommerce", "WH-B", "2");
        sendInventory(event("test-bigcommerce", "WH-A", NOW, "TEE", 4, "MUG", 2));
        sendInventory(event("test-bigcommerce", "WH-B", NOW, "TEE", 6));

        awaitUntil(() -> Integer.valueOf(6).equals(store.level(2, "TEE")) && Integer.valueOf(2).equals(
                store.level(1, "MUG")));
        assertThat(store.level(1, "TEE")).isEqualTo(4);
        for (SandboxCart.Request request : store.requests("PUT inventory absolute")) {
            assertThat(CartRequestSchemas.problems(CartRequestSchemas.bigcommerceAbsoluteAdjustment(),
                    request.body())).isEmpty();
        }
    }

    @Test
    void bigcommerceRefusingOneSkuFailsThatSkuAloneTheOthersAreWritten() {
        BigCommerceSandbox.Store store = bigcommerce.createStore("test", "test-token").inventory(Set.of("TEE", "MUG"));
        sendInventory(event("test-bigcommerce", "WH-A", NOW, "MUG", 1, "NOPE", 2, "TEE", 3));

        assertThat(awaitInventoryCount("test-bigcommerce", "WH-A", "NOPE", "FAILED"))
                .containsEntry("failure_category", "ITEMS_MISMATCH")
                .extractingByKey("failure_reason").asString().contains("Item with sku NOPE was not found");
        awaitInventoryCount("test-bigcommerce", "WH-A", "TEE", "SYNCED");
        assertThat(store.level(1, "MUG")).isEqualTo(1);
        assertThat(store.level(1, "TEE")).isEqualTo(3);
    }

    @Test
    void magentoSavesSourceItemsAtTheMappedSource() {
        MagentoSandbox.Store store = magento.createStore("test", "test-token", "ne_wh").products("TEE", "MUG");
        sendInventory(event("test-magento", "WH-A", NOW, "TEE", 5, "MUG", 0));

        awaitInventoryCount("test-magento", "WH-A", "MUG", "SYNCED");
        assertThat(store.quantity("ne_wh", "TEE")).isEqualTo(5.0);
        assertThat(store.quantity("ne_wh", "MUG")).isEqualTo(0.0);
        for (SandboxCart.Request request : store.requests("POST inventory/source-items")) {
            assertThat(CartRequestSchemas.problems(CartRequestSchemas.magentoSourceItems(), request.body())).isEmpty();
        }
    }

    @Test
    void amazonPatchesEachListingsQuantityOnTheListingsPlanNotConfirmShipments() {
        AmazonSandbox.Seller seller = amazon.createSeller("test", "test-client", "test-secret", "Atzr|test-refresh")
                .listings("A2TESTSELLER", "TEE", "MUG");
        mappings.put("test-amazon", "WH-T", "supply-source-2");
        sendInventory(event("test-amazon", "WH-S", NOW, "TEE", 5, "MUG", 1));
        sendInventory(event("test-amazon", "WH-T", NOW, "TEE", 2));

        awaitUntil(() -> Integer.valueOf(7).equals(seller.quantity("TEE")));
        assertThat(seller.quantity("MUG")).isEqualTo(1);
        assertThat(seller.requests()).filteredOn(r -> r.operation().startsWith("patchListingsItem")).isNotEmpty()
                .allSatisfy(request -> assertThat(CartRequestSchemas.problems(
                        CartRequestSchemas.amazonPatchListingsItem(), request.body())).isEmpty());
        // the Listings API answered "x-amzn-RateLimit-Limit: 5.0": confirmShipment's budget keeps its 2 a second
        RateStatus confirmShipment = rateBudget.status(stores.find("test-amazon").orElseThrow());
        assertThat(confirmShipment.perSecond()).isEqualTo(2.0);
    }

    @Test
    void woocommerceSetsTheStockOfProductsAndVariationsToTheSumOfTheMappedWarehouses() {
        WooCommerceSandbox.Shop shop = woocommerce.createShop("test", "ck_test", "cs_test").products("MUG")
                .variations("TEE");
        mappings.put("test-woocommerce", "WH-B", "store");
        sendInventory(event("test-woocommerce", "WH-A", NOW, "TEE", 3, "MUG", 1));
        sendInventory(event("test-woocommerce", "WH-B", NOW, "TEE", 4));

        awaitUntil(() -> Integer.valueOf(7).equals(shop.stock("TEE")));
        assertThat(shop.stock("MUG")).isEqualTo(1);
        assertThat(shop.requests("POST variations/batch")).isNotEmpty();
        assertThat(shop.requests("POST products/batch")).isNotEmpty();
    }

    @Test
    void woocommerceSkuItDoesNotHaveFailsAlone() {
        WooCommerceSandbox.Shop shop = woocommerce.createShop("test", "ck_test", "cs_test").products("MUG");
        sendInventory(event("test-woocommerce", "WH-A", NOW, "MUG", 2, "GONE", 1));

        assertThat(awaitInventoryCount("test-woocommerce", "WH-A", "GONE", "FAILED"))
                .containsEntry("failure_category", "ITEMS_MISMATCH");
        awaitInventoryCount("test-woocommerce", "WH-A", "MUG", "SYNCED");
        assertThat(shop.stock("MUG")).isEqualTo(2);
    }

    @Test
    void volusionImportsEachProductsStockStatus() {
        VolusionSandbox.Store store = volusion.createStore("test", "test@example.com", "TESTENCRYPTEDPASSWORD")
                .products("TEE", "MUG");
        sendInventory(event("test-volusion", "WH-A", NOW, "TEE", 9, "MUG", 0));

        awaitUntil(() -> Integer.valueOf(9).equals(store.stock("TEE")));
        assertThat(store.stock("MUG")).isZero();
        assertThat(store.requests("Import Update")).singleElement().extracting(SandboxCart.Request::body).asString()
                .contains("<ProductCode>TEE</ProductCode><StockStatus>9</StockStatus>");
    }

    private static void awaitUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
