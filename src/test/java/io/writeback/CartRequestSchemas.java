package io.writeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Request-body schemas taken from the carts' official specs (see {@link OfficialSpecs}): Amazon SP-API Orders v0
 * {@code ConfirmShipmentRequest} and Listings Items {@code ListingsItemPatchRequest}, BigCommerce Orders v2
 * {@code orderShipment_Post} and Inventory v3 {@code AdjustmentsAbsoluteRequest}, Magento 2.4.9
 * {@code PostV1OrderOrderIdShip} and {@code PostV1InventorySourceitems}. Each body schema is validated with its
 * document's definitions beside it, so the spec's own $refs resolve.
 */
public final class CartRequestSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CartRequestSchemas() {
    }

    public static JsonSchema amazonConfirmShipment() {
        JsonNode spec = read(JSON, "ordersV0.json");
        JsonNode body = bodyParameter(spec.path("paths").path("/orders/v0/orders/{orderId}/shipmentConfirmation")
                .path("post"));
        return schema(body, "definitions", spec.path("definitions"));
    }

    public static JsonSchema bigcommerceCreateShipment() {
        JsonNode spec = read(new YAMLMapper(), "bc_orders.v2.oas2.yml");
        JsonNode body = spec.path("paths").path("/orders/{order_id}/shipments").path("post").path("requestBody")
                .path("content").path("application/json").path("schema");
        return schema(body, "components", spec.path("components"));
    }

    public static JsonSchema bigcommerceUpdateShipment() {
        JsonNode spec = read(new YAMLMapper(), "bc_orders.v2.oas2.yml");
        JsonNode body = spec.path("paths").path("/orders/{order_id}/shipments/{shipment_id}").path("put")
                .path("requestBody").path("content").path("application/json").path("schema");
        return schema(body, "components", spec.path("components"));
    }

    public static JsonSchema magentoAddTrack() {
        JsonNode spec = read(new YAMLMapper(), "magento_admin-schema-2.4.9.yaml");
        JsonNode body = bodyParameter(spec.path("paths").path("/V1/shipment/track").path("post"));
        return schema(body, "definitions", spec.path("definitions"));
    }

    public static JsonSchema magentoShip() {
        JsonNode spec = read(new YAMLMapper(), "magento_admin-schema-2.4.9.yaml");
        JsonNode body = bodyParameter(spec.path("paths").path("/V1/order/{orderId}/ship").path("post"));
        return schema(body, "definitions", spec.path("definitions"));
    }

    /** BigCommerce Inventory v3 {@code AdjustmentsAbsoluteRequest} ({@code PUT /inventory/adjustments/absolute}). */
    public static JsonSchema bigcommerceAbsoluteAdjustment() {
        JsonNode spec = read(new YAMLMapper(), "bc_inventory.v3.yml");
        JsonNode body = spec.path("paths").path("/inventory/adjustments/absolute").path("put").path("requestBody")
                .path("content").path("application/json").path("schema");
        return schema(body, "components", spec.path("components"));
    }

    /** Magento 2.4.9 {@code PostV1InventorySourceitems} (MSI source items). */
    public static JsonSchema magentoSourceItems() {
        JsonNode spec = read(new YAMLMapper(), "magento_admin-schema-2.4.9.yaml");
        JsonNode body = bodyParameter(spec.path("paths").path("/V1/inventory/source-items").path("post"));
        return schema(body, "definitions", spec.path("definitions"));
    }

    /** Amazon SP-API Listings Items 2021-08-01 {@code ListingsItemPatchRequest}. */
    public static JsonSchema amazonPatchListingsItem() {
        JsonNode spec = read(JSON, "listingsItems_2021-08-01.json");
        JsonNode body = bodyParameter(spec.path("paths").path("/listings/2021-08-01/items/{sellerId}/{sku}")
                .path("patch"));
        return schema(body, "definitions", spec.path("definitions"));
    }

    /** What the schema finds wrong with the body; empty when it validates. */
    public static List<String> problems(JsonSchema schema, String body) {
        try {
            return schema.validate(JSON.readTree(body)).stream().map(ValidationMessage::getMessage).toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private static JsonNode bodyParameter(JsonNode operation) {
        return StreamSupport.stream(operation.path("parameters").spliterator(), false)
                .filter(p -> "body".equals(p.path("in").asText())).findFirst().orElseThrow().path("schema");
    }

    private static JsonSchema schema(JsonNode body, String definitionsKey, JsonNode definitions) {
        ObjectNode root = body.deepCopy();
        root.set(definitionsKey, definitions);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
    }

    private static JsonNode read(ObjectMapper mapper, String fileName) {
        try {
            return mapper.readTree(OfficialSpecs.require(fileName).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
