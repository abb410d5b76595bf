package io.writeback.cart;

import static io.writeback.TestEvent.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.writeback.TestEvent;
import io.writeback.WritebackTestSupport;
import io.writeback.sandbox.SandboxCart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each cart receives for USPS, UPS, FedEx, DHL Express and an "other" carrier (design.md §2.8). */
class CarrierNamesPerChannelTest extends WritebackTestSupport {

    private static final Map<String, String> NUMBERS = Map.of("usps", "9400111206206406260787",
            "ups", "1Z5R89390357567127", "fedex", "986578788855", "dhl_express", "3318810025", "other", "EF12345");

    private Map<String, SandboxCart> carts;

    @BeforeEach
    void carts() {
        carts = Map.of(
                "shopify", shop,
                "amazon", amazon.createSeller("test", "test-client", "test-secret", "Atzr|test-refresh")
                        .order("113-1234567-1234567", "11", 1),
                "bigcommerce", bigcommerce.createStore("test", "test-token").order(1001, 5, 11L, 1),
                "magento", magento.createStore("test", "test-token", "ne_wh").order(1001, 11L, 1),
                "woocommerce", woocommerce.createShop("test", "ck_test", "cs_test").order(1001),
                "volusion", volusion.createStore("test", "test@example.com", "TESTENCRYPTEDPASSWORD").order(1001));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "shopify     | usps        | \"company\":\"USPS\"",
            "shopify     | ups         | \"company\":\"UPS\"",
            "shopify     | fedex       | \"company\":\"FedEx\"",
            "shopify     | dhl_express | \"company\":\"DHL Express\"",
            "shopify     | other       | \"company\":\"Example Freight\"",
            "amazon      | usps        | \"carrierCode\":\"USPS\"",
            "amazon      | ups         | \"carrierCode\":\"UPS\"",
            "amazon      | fedex       | \"carrierCode\":\"FedEx\"",
            "amazon      | dhl_express | \"carrierCode\":\"DHL\"",
            "amazon      | other       | \"carrierCode\":\"Other\",\"carrierName\":\"Example Freight\"",
            "bigcommerce | usps        | \"tracking_carrier\":\"usps\"",
            "bigcommerce | ups         | \"tracking_carrier\":\"ups\"",
            "bigcommerce | fedex       | \"tracking_carrier\":\"fedex\"",
            "bigcommerce | dhl_express | \"tracking_carrier\":\"dhl\"",
            "bigcommerce | other       | \"tracking_carrier\":\"\",\"tracking_link\":\"https://track.example.com/EF12345\"",
            "magento     | usps        | \"title\":\"USPS\",\"carrier_code\":\"usps\"",
            "magento     | ups         | \"title\":\"UPS\",\"carrier_code\":\"ups\"",
            "magento     | fedex       | \"title\":\"FedEx\",\"carrier_code\":\"fedex\"",
            "magento     | dhl_express | \"title\":\"DHL Express\",\"carrier_code\":\"dhl\"",
            "magento     | other       | \"title\":\"Example Freight\",\"carrier_code\":\"custom\"",
            "woocommerce | usps        | \"tracking_provider\":\"USPS\"",
            "woocommerce | ups         | \"tracking_provider\":\"UPS\"",
            "woocommerce | fedex       | \"tracking_provider\":\"Fedex\"",
            "woocommerce | dhl_express | \"custom_tracking_provider\":\"DHL Express\",\"custom_tracking_link\":\"https://www.dhl.com/",
            "woocommerce | other       | \"custom_tracking_provider\":\"Example Freight\",\"custom_tracking_link\":\"https://track.example.com/EF12345\"",
            "volusion    | usps        | <Gateway>USPS</Gateway>",
            "volusion    | ups         | <Gateway>UPS</Gateway>",
            "volusion    | fedex       | <Gateway>FEDEX</Gateway>",
            "volusion    | dhl_express | <Gateway>DHL</Gateway>",
            "volusion    | other       | <Gateway>Example Freight</Gateway>",
    })
    void eachCartGetsTheCarrierByTheNameItKnows(String channel, String carrier, String expected) {
        String orderId = channel.equals("amazon") ? "113-1234567-1234567" : "1001";
        TestEvent event = TestEvent.of("CN-" + channel + "-" + carrier, channel, "test-" + channel, orderId,
                        item("TEE", "11", 1))
                .with("carrier", carrier).with("trackingNumber", NUMBERS.get(carrier));
        if (carrier.equals("other")) {
            event.with("carrierName", "Example Freight").with("trackingUrl", "https://track.example.com/EF12345");
        }
        send(event);

        awaitShipment("CN-" + channel + "-" + carrier, "SYNCED");
        List<String> bodies = carts.get(channel).requests().stream().map(SandboxCart.Request::body).toList();
        assertThat(bodies).anySatisfy(body -> assertThat(body).contains(expected.split(",")));
    }
}
