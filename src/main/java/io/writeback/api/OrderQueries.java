package io.writeback.api;

import io.writeback.api.OrderViews.Failure;
import io.writeback.api.OrderViews.OrderDetail;
import io.writeback.api.OrderViews.OrderSummary;
import io.writeback.api.OrderViews.ShipmentView;
import io.writeback.api.OrderViews.TimelineEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Read side of the ledger for the API: orders with their tags, last failure, attempts, shipments and timeline. */
@Repository
public class OrderQueries {

    /**
     * What to list; null fields filter nothing. {@code category}: orders with a shipment FAILED for it;
     * {@code orderNumber}: order numbers that start with it; {@code updatedFrom} inclusive, {@code updatedBefore}
     * exclusive.
     */
    public record Filter(String tag, String status, String channel, String storeId, String category,
                         String orderNumber, OffsetDateTime updatedFrom, OffsetDateTime updatedBefore) {

        /** The filter from request parameters: blanks filter nothing; dates are whole UTC days, both included. */
        public static Filter of(String tag, String status, String channel, String storeId, String category,
                                String orderNumber, LocalDate updatedFrom, LocalDate updatedTo) {
            return new Filter(blankToNull(tag), blankToNull(status), blankToNull(channel), blankToNull(storeId),
                    blankToNull(category), blankToNull(orderNumber),
                    updatedFrom == null ? null : updatedFrom.atStartOfDay().atOffset(ZoneOffset.UTC),
                    updatedTo == null ? null : updatedTo.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        public Filter withStatus(String other) {
            return new Filter(tag, other, channel, storeId, category, orderNumber, updatedFrom, updatedBefore);
        }
    }

    private final JdbcClient jdbc;

    OrderQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The filter as a WHERE clause on {@code writeback_order o}, with its parameters. */
    private record Where(String sql, Map<String, Object> params) {

        static Where of(Filter filter) {
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            Map<String, Object> params = new HashMap<>();
            if (filter.tag() != null) {
                where.append(" AND o.order_number IN (SELECT t.order_number FROM order_tag t WHERE t.tag = :tag)");
                params.put("tag", filter.tag());
            }
            if (filter.status() != null) {
                where.append(" AND o.status = :status");
                params.put("status", filter.status());
            }
            if (filter.channel() != null) {
                where.append(" AND o.channel = :channel");
                params.put("channel", filter.channel());
            }
            if (filter.storeId() != null) {
                where.append(" AND o.store_id = :storeId");
                params.put("storeId", filter.storeId());
            }
            if (filter.category() != null) {
                where.append(" AND o.order_number IN (SELECT s.order_number FROM shipment s WHERE s.status = 'FAILED'"
                        + " AND s.last_failure_category = :category)");
                params.put("category", filter.category());
            }
            if (filter.orderNumber() != null) {
                where.append(" AND o.order_number LIKE :orderNumber ESCAPE '!'");
                params.put("orderNumber", filter.orderNumber().replaceAll("[!%_]", "!$0") + "%");
            }
            if (filter.updatedFrom() != null) {
                where.append(" AND o.updated_at >= :updatedFrom");
                params.put("updatedFrom", filter.updatedFrom());
            }
            if (filter.updatedBefore() != null) {
                where.append(" AND o.updated_at < :updatedBefore");
                params.put("updatedBefore", filter.updatedBefore());
            }
            return new Where(where.toString(), params);
        }
    }

    public OrderViews.Page<OrderSummary> find(Filter filter, int limit, int offset) {
        Where where = Where.of(filter);
        long total = jdbc.sql("SELECT COUNT(*) FROM writeback_order o" + where.sql()).params(where.params())
                .query(Long.class).single();
        List<OrderRow> rows = jdbc.sql("SELECT o.order_number, o.channel, o.store_id, o.status, o.updated_at"
                        + " FROM writeback_order o" + where.sql()
                        + " ORDER BY o.updated_at DESC, o.order_number LIMIT :limit OFFSET :offset")
                .params(where.params()).param("limit", limit).param("offset", offset)
                .query(OrderQueries::orderRow).list();
        List<String> orderNumbers = rows.stream().map(OrderRow::orderNumber).toList();
        Map<String, List<String>> tags = tags(orderNumbers);
        Map<String, List<ShipmentView>> shipments = shipments(orderNumbers);
        List<OrderSummary> items = rows.stream().map(row -> {
            List<ShipmentView> ofOrder = shipments.getOrDefault(row.orderNumber(), List.of());
            return new OrderSummary(row.orderNumber(), row.channel(), row.storeId(), row.status(),
                    tags.getOrDefault(row.orderNumber(), List.of()), lastFailure(ofOrder), attempts(ofOrder),
                    row.updatedAt());
        }).toList();
        return new OrderViews.Page<>(items, total, limit, offset);
    }

    /** How many orders the filter matches in each writeback status, whatever status it names. */
    public Map<String, Long> countByStatus(Filter filter) {
        Where where = Where.of(filter.withStatus(null));
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT o.status, COUNT(*) FROM writeback_order o" + where.sql() + " GROUP BY o.status")
                .params(where.params()).query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    public Optional<OrderDetail> get(String orderNumber) {
        return jdbc.sql("SELECT order_number, channel, store_id, status, updated_at FROM writeback_order"
                        + " WHERE order_number = ?")
                .param(orderNumber).query(OrderQueries::orderRow).optional()
                .map(row -> {
                    List<ShipmentView> shipments = shipments(List.of(orderNumber)).getOrDefault(orderNumber, List.of());
                    List<TimelineEntry> timeline = jdbc.sql("SELECT at, event, message, shipment_id FROM order_timeline"
                                    + " WHERE order_number = ? ORDER BY id")
                            .param(orderNumber)
                            .query((rs, n) -> new TimelineEntry(rs.getObject(1, OffsetDateTime.class),
                                    rs.getString(2), rs.getString(3), rs.getString(4)))
                            .list();
                    return new OrderDetail(row.orderNumber(), row.channel(), row.storeId(), row.status(),
                            tags(List.of(orderNumber)).getOrDefault(orderNumber, List.of()), lastFailure(shipments),
                            attempts(shipments), row.updatedAt(), shipments, timeline);
                });
    }

    /** Each shipment's latest event as it came (the producer's JSON), by shipment id. */
    public Map<String, String> latestEvents(String orderNumber) {
        Map<String, String> events = new LinkedHashMap<>();
        jdbc.sql("SELECT shipment_id, event_json FROM shipment WHERE order_number = ?"
                        + " ORDER BY created_at, shipment_id").param(orderNumber).query(rs -> {
                    events.put(rs.getString(1), rs.getString(2));
                });
        return events;
    }

    private Map<String, List<String>> tags(List<String> orderNumbers) {
        Map<String, List<String>> tags = new HashMap<>();
        if (!orderNumbers.isEmpty()) {
            jdbc.sql("SELECT order_number, tag FROM order_tag WHERE order_number IN (:orders) ORDER BY tag")
                    .param("orders", orderNumbers)
                    .query(rs -> {
                        tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
        }
        return tags;
    }

    private Map<String, List<ShipmentView>> shipments(List<String> orderNumbers) {
        Map<String, List<ShipmentView>> shipments = new HashMap<>();
        if (!orderNumbers.isEmpty()) {
            jdbc.sql("SELECT order_number, shipment_id, tracking_number, carrier, status, attempts,"
                            + " last_failure_category, last_failure_reason, next_retry_at, synced_at,"
                            + " channel_reference, channel_order_id, scheduled_attempts"
                            + " FROM shipment WHERE order_number IN (:orders)"
                            + " ORDER BY updated_at DESC, shipment_id")
                    .param("orders", orderNumbers)
                    .query(rs -> {
                        shipments.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new ShipmentView(
                                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                                rs.getString(7) == null ? null : new Failure(rs.getString(7), rs.getString(8)),
                                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                                rs.getString(11), rs.getString(12), rs.getInt(13)));
                    });
        }
        return shipments;
    }

    /** The most recent failure among the order's shipments that are not synced (shipments are newest first). */
    private static Failure lastFailure(List<ShipmentView> shipments) {
        return shipments.stream().filter(s -> !"SYNCED".equals(s.status()) && s.lastFailure() != null)
                .map(ShipmentView::lastFailure).findFirst().orElse(null);
    }

    private static int attempts(List<ShipmentView> shipments) {
        return shipments.stream().mapToInt(ShipmentView::attempts).sum();
    }

    private record OrderRow(String orderNumber, String channel, String storeId, String status,
                            OffsetDateTime updatedAt) {
    }

    private static OrderRow orderRow(ResultSet rs, int row) throws SQLException {
        return new OrderRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class));
    }
}
