package io.writeback.ledger;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.commons.lang3.StringUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * An order's row (its status, derived from its shipments), its tag and its timeline. Written inside the
 * transactions of {@link ShipmentLedger} and {@link RetrySchedule}, which take the order's row lock first.
 */
@Repository
public class OrderRecords {

    public static final String FAILED_TAG = "Failed Shipment Notification";
    private static final int MAX_NOTE_LENGTH = 4000;

    private final JdbcClient jdbc;

    public OrderRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isTagged(String orderNumber) {
        return jdbc.sql("SELECT COUNT(*) FROM order_tag WHERE order_number = ? AND tag = ?")
                .params(orderNumber, FAILED_TAG).query(Integer.class).single() > 0;
    }

    /** Order numbers with the tag, optionally of one channel and/or store. */
    public List<String> taggedOrders(String tag, String channel, String storeId) {
        return jdbc.sql("SELECT o.order_number FROM writeback_order o JOIN order_tag t"
                        + " ON t.order_number = o.order_number AND t.tag = ?"
                        + " WHERE (CAST(? AS VARCHAR(32)) IS NULL OR o.channel = ?)"
                        + " AND (CAST(? AS VARCHAR(64)) IS NULL OR o.store_id = ?) ORDER BY o.order_number")
                .params(tag, channel, channel, storeId, storeId).query(String.class).list();
    }

    void upsert(String orderNumber, String channel, String storeId, OffsetDateTime now) {
        Upserts.upsert(jdbc.sql("UPDATE writeback_order SET channel = COALESCE(?, channel),"
                        + " store_id = COALESCE(?, store_id), updated_at = ? WHERE order_number = ?")
                        .params(channel, storeId, now, orderNumber),
                jdbc.sql("INSERT INTO writeback_order (order_number, channel, store_id, status, created_at,"
                        + " updated_at) VALUES (?, ?, ?, 'PENDING', ?, ?)")
                        .params(orderNumber, channel, storeId, now, now));
    }

    /**
     * Takes the order row's lock. Every transaction that writes a shipment takes its order's lock first, so two of
     * them never wait for each other's locks in opposite order.
     */
    void lock(String orderNumber, OffsetDateTime now) {
        jdbc.sql("UPDATE writeback_order SET updated_at = ? WHERE order_number = ?").params(now, orderNumber).update();
    }

    void refreshStatus(String orderNumber, OffsetDateTime now) {
        jdbc.sql("UPDATE writeback_order SET updated_at = ?, status = (SELECT CASE"
                        + " WHEN SUM(CASE WHEN s.status = 'FAILED' THEN 1 ELSE 0 END) > 0 THEN 'FAILED'"
                        + " WHEN SUM(CASE WHEN s.status = 'PENDING' THEN 1 ELSE 0 END) > 0 THEN 'PENDING'"
                        + " ELSE 'SYNCED' END FROM shipment s WHERE s.order_number = ?) WHERE order_number = ?")
                .params(now, orderNumber, orderNumber).update();
    }

    /** Refreshes the order's status and removes its failure tag once no shipment of it is FAILED. */
    void refreshStatusAndTag(String orderNumber, OffsetDateTime now) {
        refreshStatus(orderNumber, now);
        int removed = jdbc.sql("DELETE FROM order_tag WHERE order_number = ? AND tag = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM shipment WHERE order_number = ? AND status = 'FAILED')")
                .params(orderNumber, FAILED_TAG, orderNumber).update();
        if (removed > 0) {
            note(orderNumber, null, "TAG_REMOVED",
                    "Tag '" + FAILED_TAG + "' removed: every shipment of the order is written back or pending", now);
        }
    }

    void tagFailed(String orderNumber, OffsetDateTime now) {
        if (!isTagged(orderNumber)) {
            jdbc.sql("INSERT INTO order_tag (order_number, tag, created_at) VALUES (?, ?, ?)")
                    .params(orderNumber, FAILED_TAG, now).update();
            note(orderNumber, null, "TAG_ADDED", "Tagged '" + FAILED_TAG + "'", now);
        }
    }

    /** A timeline note; {@code shipmentId} is null for a note about the whole order. */
    void note(String orderNumber, String shipmentId, String event, String message, OffsetDateTime at) {
        jdbc.sql("INSERT INTO order_timeline (order_number, shipment_id, at, event, message) VALUES (?, ?, ?, ?, ?)")
                .params(orderNumber, shipmentId, at, event, StringUtils.abbreviate(message, "…", MAX_NOTE_LENGTH))
                .update();
    }
}
