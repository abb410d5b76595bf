package io.writeback.cart.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.sandbox.SandboxCart;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema check the Shopify tests rely on does reject what Shopify would reject. */
class ShopifyGraphQLSchemaTest {

    private static final String CREATE = """
            mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
              fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { field message } }
            }""";

    @Test
    void acceptsAValidMutationWithValidVariables() {
        assertThat(ShopifyGraphQLSchema.problems(request(CREATE, """
                {"fulfillment": {"notifyCustomer": true,
                  "trackingInfo": {"company": "UPS", "number": "1Z5R89390357567127", "url": "https://www.ups.com/"},
                  "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": "gid://shopify/FulfillmentOrder/1"}]}}
                """))).isEmpty();
    }

    @Test
    void rejectsAFieldTheSchemaDoesNotHave() {
        assertThat(ShopifyGraphQLSchema.problems(request(CREATE.replace("fulfillment { id }",
                "fulfillment { id trackingCompany }"), "{}"))).isNotEmpty();
    }

    @Test
    void rejectsVariablesThatDoNotMatchTheInputTypes() {
        assertThat(ShopifyGraphQLSchema.problems(request(CREATE, """
                {"fulfillment": {"notifyCustomer": "yes", "lineItemsByFulfillmentOrder": []}}
                """))).singleElement().asString().contains("variables");
        assertThat(ShopifyGraphQLSchema.problems(request(CREATE, """
                {"fulfillment": {"trackingInfo": {"company": "UPS"}}}
                """))).isNotEmpty();
    }

    private static SandboxCart.Request request(String query, String variables) {
        try {
            ObjectMapper json = new ObjectMapper();
            return new SandboxCart.Request("FulfillmentCreate", json.writeValueAsString(Map.of("query", query,
                    "variables", json.readValue(variables, Map.class))), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
