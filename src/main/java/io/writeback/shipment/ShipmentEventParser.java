package io.writeback.shipment;

import static io.writeback.event.EventJson.IDENTIFIER;
import static io.writeback.event.EventJson.IDENTIFIER_RULE;
import static io.writeback.event.EventJson.identifier;
import static io.writeback.event.EventJson.invalid;
import static io.writeback.event.EventJson.optionalBoolean;
import static io.writeback.event.EventJson.optionalText;
import static io.writeback.event.EventJson.quoted;
import static io.writeback.event.EventJson.readLeniently;
import static io.writeback.event.EventJson.readObject;
import static io.writeback.event.EventJson.requiredArray;
import static io.writeback.event.EventJson.requiredInt;
import static io.writeback.event.EventJson.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.carrier.Tracking;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a message body into a {@link ShipmentEvent}, or fails with {@code INVALID_MESSAGE} /
 * {@code UNKNOWN_CHANNEL} and a reason that names the offending field. Unknown extra fields are ignored.
 */
@Component
public class ShipmentEventParser {

    static final Pattern SHIPMENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_QUANTITY = 100_000;

    private final int maxMessageBytes;
    private final int maxItems;

    public ShipmentEventParser(@Value("${writeback.intake.max-message-bytes:262144}") int maxMessageBytes,
                               @Value("${writeback.intake.max-items:500}") int maxItems) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxItems = maxItems;
    }

    public ShipmentEvent parse(String body) {
        JsonNode root = readObject(body, "a shipment event", maxMessageBytes, "writeback.intake.max-message-bytes");
        String shipmentId = requiredText(root, "shipmentId", SHIPMENT_ID, "1 to 64 letters, digits or ._:-");
        String orderNumber = requiredText(root, "orderNumber", IDENTIFIER, IDENTIFIER_RULE);
        String channelCode = requiredText(root, "channel", IDENTIFIER, "a channel name");
        Channel channel = Channel.fromCode(channelCode).orElseThrow(() -> new WritebackFailure(
                FailureCategory.UNKNOWN_CHANNEL, "Channel '" + channelCode + "' is not supported: use one of "
                        + String.join(", ", Arrays.stream(Channel.values()).map(Channel::code).toList())));
        return new ShipmentEvent(
                shipmentId,
                orderNumber,
                channel,
                requiredText(root, "storeId", IDENTIFIER, IDENTIFIER_RULE),
                requiredText(root, "channelOrderId", IDENTIFIER, IDENTIFIER_RULE),
                requiredText(root, "warehouseId", IDENTIFIER, IDENTIFIER_RULE),
                requiredText(root, "carrier", IDENTIFIER, "a carrier code"),
                optionalText(root, "carrierName", IDENTIFIER, IDENTIFIER_RULE),
                optionalText(root, "shippingMethod", IDENTIFIER, IDENTIFIER_RULE),
                Tracking.normalise(optionalText(root, "trackingNumber", Pattern.compile("[^\\p{Cntrl}]{0,128}"),
                        "at most 128 characters, no control characters")),
                optionalText(root, "trackingUrl", Pattern.compile("[^\\p{Cntrl}\\s]{1,2000}"),
                        "a URL of at most 2000 characters"),
                shipDate(root),
                items(root),
                optionalBoolean(root, "notifyCustomer"),
                Boolean.TRUE.equals(optionalBoolean(root, "resend")));
    }

    /**
     * The identifying fields of a message that may not parse, for headers, tags and the timeline; a field that is
     * absent or does not look like an identifier (or, for the channel, is not one of ours) is left out.
     */
    public Identity identify(String body) {
        JsonNode root = readLeniently(body);
        if (root == null) {
            return Identity.NONE;
        }
        String channel = identifier(root, "channel", IDENTIFIER);
        return new Identity(identifier(root, "shipmentId", SHIPMENT_ID), identifier(root, "orderNumber", IDENTIFIER),
                channel != null && Channel.fromCode(channel).isPresent() ? channel : null,
                identifier(root, "storeId", IDENTIFIER));
    }

    /** What is known of a message's shipment; each field may be null. */
    public record Identity(String shipmentId, String orderNumber, String channel, String storeId) {

        /** A message that names no shipment (or was not read). */
        public static final Identity NONE = new Identity(null, null, null, null);
    }

    private static Instant shipDate(JsonNode root) {
        String text = requiredText(root, "shipDate", IDENTIFIER, "an ISO-8601 instant");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("Field 'shipDate' must be an ISO-8601 instant such as 2026-11-21T15:04:05Z, got "
                    + quoted(text));
        }
    }

    private List<ShipmentEvent.Item> items(JsonNode root) {
        JsonNode items = requiredArray(root, "items", "the order lines in the package",
                "only packages with products can be written back", maxItems, "writeback.intake.max-items");
        List<ShipmentEvent.Item> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String path = "items[" + i + "]";
            String sku = optionalText(item, path + ".sku", IDENTIFIER, IDENTIFIER_RULE);
            String lineId = requiredText(item, path + ".channelLineItemId", IDENTIFIER, IDENTIFIER_RULE);
            int quantity = requiredInt(item, path + ".quantity", 1, MAX_QUANTITY);
            result.add(new ShipmentEvent.Item(sku, lineId, quantity));
        }
        return List.copyOf(result);
    }
}
