package io.writeback.api;

import java.time.OffsetDateTime;
import java.util.List;

/** What the orders API answers (design.md §2.5). */
public final class OrderViews {

    private OrderViews() {
    }

    public record Failure(String category, String reason) {
    }

    public record OrderSummary(String orderNumber, String channel, String storeId, String status, List<String> tags,
                               Failure lastFailure, int attempts, OffsetDateTime updatedAt) {
    }

    /** {@code scheduledRetries}: how many of the scheduled retries the shipment's latest failure has used. */
    public record ShipmentView(String shipmentId, String trackingNumber, String carrier, String status, int attempts,
                               Failure lastFailure, OffsetDateTime nextRetryAt, OffsetDateTime syncedAt,
                               String channelReference, String channelOrderId, int scheduledRetries) {
    }

    public record TimelineEntry(OffsetDateTime at, String event, String message, String shipmentId) {
    }

    public record OrderDetail(String orderNumber, String channel, String storeId, String status, List<String> tags,
                              Failure lastFailure, int attempts, OffsetDateTime updatedAt,
                              List<ShipmentView> shipments, List<TimelineEntry> timeline) {
    }

    public record Page<T>(List<T> items, long total, int limit, int offset) {
    }
}
