package io.writeback.inventory;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns a message body into an {@link InventoryEvent}, or fails with {@code INVALID_MESSAGE} and a reason that names
 * the offending field. Unknown extra fields are ignored.
 */
@Component
public class InventoryEventParser {

    /** What the carts take as a SKU: BigCommerce's and Shopify's are up to 255 characters. */
    private static final Pattern SKU = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    /** Shopify's bound on a quantity, the tightest of the carts'. */
    static final int MAX_AVAILABLE = 1_000_000_000;
    /**
     * How far ahead of our clock a count may be: a warehouse clock a little fast is fine; a count dated next year
     * would freeze the SKU (no newer count could replace it), so it is refused.
     */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final int maxMessageBytes;
    private final int maxCounts;
    private final Clock clock;

    @Autowired
    public InventoryEventParser(@Value("${writeback.inventory.max-message-bytes}") int maxMessageBytes,
                                @Value("${writeback.inventory.max-counts}") int maxCounts) {
        this(maxMessageBytes, maxCounts, Clock.systemUTC());
    }

    InventoryEventParser(int maxMessageBytes, int maxCounts, Clock clock) {
        this.maxMessageBytes = maxMessageBytes;
        this.maxCounts = maxCounts;
        this.clock = clock;
    }

    public InventoryEvent parse(String body) {
        JsonNode root = readObject(body, "an inventory event", maxMessageBytes,
                "writeback.inventory.max-message-bytes");
        String storeId = optionalText(root, "storeId", IDENTIFIER, IDENTIFIER_RULE);
        boolean allStores = Boolean.TRUE.equals(optionalBoolean(root, "allStores"));
        if (storeId == null && !allStores) {
            throw invalid("Field 'storeId' is required (or \"allStores\": true for a count every store takes)");
        }
        if (storeId != null && allStores) {
            throw invalid("Field 'storeId' and \"allStores\": true exclude each other: name one store, or none");
        }
        return new InventoryEvent(storeId, requiredText(root, "warehouseId", IDENTIFIER, IDENTIFIER_RULE),
                countedAt(root), counts(root));
    }

    /** The store and warehouse a message that may not parse names, for the failed queue's headers; each may be null. */
    public Identity identify(String body) {
        JsonNode root = readLeniently(body);
        return new Identity(identifier(root, "storeId", IDENTIFIER), identifier(root, "warehouseId", IDENTIFIER));
    }

    public record Identity(String storeId, String warehouseId) {
    }

    private Instant countedAt(JsonNode root) {
        String text = requiredText(root, "countedAt", IDENTIFIER, "an ISO-8601 time with its offset");
        Instant countedAt;
        try {
            countedAt = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("Field 'countedAt' must be an ISO-8601 time with its offset, such as"
                    + " 2026-12-01T09:30:00Z, got " + quoted(text));
        }
        if (countedAt.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            throw invalid("Field 'countedAt' is " + text + ", later than now (" + clock.instant()
                    + "): a count from the future would hold off every real count after it");
        }
        return countedAt;
    }

    private List<InventoryEvent.Count> counts(JsonNode root) {
        JsonNode quantities = requiredArray(root, "quantities", "[{\"sku\": …, \"available\": …}, …]",
                "an inventory event counts at least one SKU", maxCounts,
                "writeback.inventory.max-counts; split the count into several events");
        List<InventoryEvent.Count> counts = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < quantities.size(); i++) {
            JsonNode entry = quantities.get(i);
            String path = "quantities[" + i + "]";
            String sku = requiredText(entry, path + ".sku", SKU, "1 to 255 characters, no control characters");
            if (!skus.add(sku)) {
                throw invalid("Field '" + path + ".sku' repeats SKU " + quoted(sku)
                        + ": each SKU may be counted once an event");
            }
            counts.add(new InventoryEvent.Count(sku, requiredInt(entry, path + ".available", -MAX_AVAILABLE,
                    MAX_AVAILABLE)));
        }
        return counts;
    }
}
