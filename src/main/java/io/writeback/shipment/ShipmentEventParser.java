package io.writeback.shipment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.writeback.carrier.Tracking;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a message body into a {@link ShipmentEvent}, or fails with {@code INVALID_MESSAGE} /
 * {@code UNKNOWN_CHANNEL} and a reason that names the offending field. Unknown extra fields are ignored.
 */
@Component
public class ShipmentEventParser {

    static final Pattern SHIPMENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern IDENTIFIER = Pattern.compile("[^\\p{Cntrl}]{1,64}");
    private static final int MAX_QUANTITY = 100_000;
    /** How much of a value a producer sent the reason quotes. */
    private static final int QUOTED = 40;

    private final ObjectMapper json;
    private final int maxMessageBytes;
    private final int maxItems;

    public ShipmentEventParser(@Value("${writeback.intake.max-message-bytes:262144}") int maxMessageBytes,
                               @Value("${writeback.intake.max-items:500}") int maxItems) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxItems = maxItems;
        this.json = JsonMapper.builder().build();
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    public ShipmentEvent parse(String body) {
        JsonNode root = readObject(body);
        String shipmentId = requiredText(root, "shipmentId", SHIPMENT_ID, "1 to 64 letters, digits or ._:-");
        String orderNumber = requiredText(root, "orderNumber", IDENTIFIER, "1 to 64 characters, no control characters");
        String channelCode = requiredText(root, "channel", IDENTIFIER, "a channel name");
        Channel channel = Channel.fromCode(channelCode).orElseThrow(() -> new WritebackFailure(
                FailureCategory.UNKNOWN_CHANNEL, "Channel '" + channelCode + "' is not supported: use one of "
                        + String.join(", ", Arrays.stream(Channel.values()).map(Channel::code).toList())));
        return new ShipmentEvent(
                shipmentId,
                orderNumber,
                channel,
                requiredText(root, "storeId", IDENTIFIER, "1 to 64 characters, no control characters"),
                requiredText(root, "channelOrderId", IDENTIFIER, "1 to 64 characters, no control characters"),
                requiredText(root, "warehouseId", IDENTIFIER, "1 to 64 characters, no control characters"),
                requiredText(root, "carrier", IDENTIFIER, "a carrier code"),
                optionalText(root, "carrierName", IDENTIFIER, "1 to 64 characters, no control characters"),
                optionalText(root, "shippingMethod", IDENTIFIER, "1 to 64 characters, no control characters"),
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
        try {
            JsonNode root = json.readTree(body);
            String channel = identifier(root, "channel", IDENTIFIER);
            return new Identity(identifier(root, "shipmentId", SHIPMENT_ID), identifier(root, "orderNumber", IDENTIFIER),
                    channel != null && Channel.fromCode(channel).isPresent() ? channel : null,
                    identifier(root, "storeId", IDENTIFIER));
        } catch (JsonProcessingException | RuntimeException notJson) {
            return Identity.NONE;
        }
    }

    /** What is known of a message's shipment; each field may be null. */
    public record Identity(String shipmentId, String orderNumber, String channel, String storeId) {

        /** A message that names no shipment (or was not read). */
        public static final Identity NONE = new Identity(null, null, null, null);
    }

    private JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("Message body is empty: expected a shipment event as a JSON object");
        }
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxMessageBytes) {
            throw invalid("Message is " + bytes + " bytes; a shipment event may be at most " + maxMessageBytes
                    + " bytes (writeback.intake.max-message-bytes)");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw invalid("Message is not valid JSON: " + e.getOriginalMessage() + where);
        }
        if (root == null || !root.isObject()) {
            throw invalid("Message must be a JSON object with the shipment event's fields");
        }
        return root;
    }

    private static String requiredText(JsonNode node, String field, Pattern pattern, String expected) {
        return Optional.ofNullable(optionalText(node, field, pattern, expected))
                .orElseThrow(() -> invalid("Field '" + field + "' is required"));
    }

    private static String optionalText(JsonNode node, String field, Pattern pattern, String expected) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("Field '" + field + "' must be a string, got " + describe(value));
        }
        String text = value.asText();
        if (!pattern.matcher(text).matches()) {
            throw invalid("Field '" + field + "' must be " + expected + ", got \"" + printable(text, QUOTED) + "\"");
        }
        return text;
    }

    private static Boolean optionalBoolean(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid("Field '" + field + "' must be true or false, got " + describe(value));
        }
        return value.booleanValue();
    }

    private static Instant shipDate(JsonNode root) {
        String text = requiredText(root, "shipDate", IDENTIFIER, "an ISO-8601 instant");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("Field 'shipDate' must be an ISO-8601 instant such as 2026-11-21T15:04:05Z, got \""
                    + printable(text, QUOTED) + "\"");
        }
    }

    private List<ShipmentEvent.Item> items(JsonNode root) {
        JsonNode items = root.get("items");
        if (items == null || items.isNull()) {
            throw invalid("Field 'items' is required: the order lines in the package");
        }
        if (!items.isArray()) {
            throw invalid("Field 'items' must be an array, got " + describe(items));
        }
        if (items.isEmpty()) {
            throw invalid("Field 'items' is empty: only packages with products can be written back");
        }
        if (items.size() > maxItems) {
            throw invalid("Field 'items' has " + items.size() + " entries; at most " + maxItems
                    + " are accepted (writeback.intake.max-items)");
        }
        List<ShipmentEvent.Item> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String path = "items[" + i + "]";
            if (!item.isObject()) {
                throw invalid("Field '" + path + "' must be an object, got " + describe(item));
            }
            String sku = optionalText(item, "sku", IDENTIFIER, "1 to 64 characters, no control characters");
            String lineId = requiredItemText(item, path + ".channelLineItemId");
            JsonNode quantity = item.get("quantity");
            if (quantity == null || quantity.isNull()) {
                throw invalid("Field '" + path + ".quantity' is required");
            }
            if (!quantity.isIntegralNumber() || !quantity.canConvertToInt()) {
                throw invalid("Field '" + path + ".quantity' must be an integer, got " + describe(quantity));
            }
            if (quantity.intValue() < 1 || quantity.intValue() > MAX_QUANTITY) {
                throw invalid("Field '" + path + ".quantity' must be between 1 and " + MAX_QUANTITY + ", got "
                        + quantity.intValue());
            }
            result.add(new ShipmentEvent.Item(sku, lineId, quantity.intValue()));
        }
        return List.copyOf(result);
    }

    private static String requiredItemText(JsonNode item, String path) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            throw invalid("Field '" + path + "' is required");
        }
        if (!value.isTextual()) {
            throw invalid("Field '" + path + "' must be a string, got " + describe(value));
        }
        if (!IDENTIFIER.matcher(value.asText()).matches()) {
            throw invalid("Field '" + path + "' must be 1 to 64 characters, no control characters");
        }
        return value.asText();
    }

    private static String identifier(JsonNode root, String field, Pattern pattern) {
        JsonNode value = root == null ? null : root.get(field);
        return value != null && value.isTextual() && pattern.matcher(value.asText()).matches() ? value.asText() : null;
    }

    private static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + printable(value.toString(), QUOTED);
    }

    /** A value a producer sent, as a reason quotes it: control characters as '?', at most {@code max} of it. */
    static String printable(String text, int max) {
        return StringUtils.abbreviate(text.replaceAll("\\p{Cntrl}", "?"), "…", max + 1);
    }

    private static WritebackFailure invalid(String reason) {
        return new WritebackFailure(FailureCategory.INVALID_MESSAGE, reason);
    }
}
