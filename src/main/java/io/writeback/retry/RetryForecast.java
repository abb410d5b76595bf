package io.writeback.retry;

import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.ledger.OrderRecords;
import io.writeback.pacing.RateBudget;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a retry of some orders will likely do, said before it is queued, from what the app knows without calling a
 * cart (a call per order would spend the stores' rate budgets): whether the cause of each failure is still there (a
 * warehouse still unmapped, an event that fails the same check, a cart that refused the order), whether the store's
 * cart has answered since it last failed to, what a resend does in that cart; and what delays the retry (a suspended
 * channel, a cart that has us waiting).
 */
@Component
public class RetryForecast {

    /** How a retry of an order will likely end, from the best to the worst. */
    public enum Outlook {
        LIKELY("Likely written back"),
        NOTHING("Nothing to retry"),
        UNCERTAIN("May fail again"),
        WILL_FAIL("Will fail again");

        private final String words;

        Outlook(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** One order: whether it is tagged (else retrying it is a resend), how it will likely end and why. */
    public record OrderForecast(String orderNumber, String channel, String storeId, boolean tagged, Outlook outlook,
                                String reason) {
    }

    /** The orders that share an outlook and a reason. */
    public record Group(Outlook outlook, String reason, List<String> orderNumbers) {

        /** The first ten order numbers, and how many more. */
        public String examples() {
            int shown = Math.min(10, orderNumbers.size());
            return String.join(", ", orderNumbers.subList(0, shown))
                    + (shown < orderNumbers.size() ? " and " + (orderNumbers.size() - shown) + " more" : "");
        }
    }

    /** Every order's forecast, and what delays them all (a channel suspended, a store's cart has us waiting). */
    public record Forecast(List<OrderForecast> orders, List<String> delays) {

        public List<OrderForecast> tagged() {
            return orders.stream().filter(OrderForecast::tagged).toList();
        }

        public List<OrderForecast> resends() {
            return orders.stream().filter(order -> !order.tagged() && order.channel() != null).toList();
        }

        /** The orders by outlook and reason (their numbers sorted): worst outlook first, then the biggest group. */
        public List<Group> groups() {
            Map<List<Object>, List<String>> grouped = new LinkedHashMap<>();
            orders.forEach(order -> grouped.computeIfAbsent(List.of(order.outlook(), order.reason()),
                    key -> new ArrayList<>()).add(order.orderNumber()));
            return grouped.entrySet().stream()
                    .map(e -> new Group((Outlook) e.getKey().get(0), (String) e.getKey().get(1),
                            e.getValue().stream().sorted().toList()))
                    .sorted(Comparator.comparing((Group g) -> g.outlook()).reversed()
                            .thenComparing(g -> -g.orderNumbers().size()))
                    .toList();
        }
    }

    /** What a confirmed resend does in each cart. */
    public static final Map<Channel, String> RESEND = Map.of(
            Channel.SHOPIFY, "updates the tracking of the fulfillment it was written as",
            Channel.BIGCOMMERCE, "replaces the tracking of the shipment",
            Channel.MAGENTO, "adds a track with the new number (Magento keeps both)",
            Channel.WOOCOMMERCE, "replaces the tracking item",
            Channel.VOLUSION, "imports the new number and detaches the old one",
            Channel.AMAZON, "is refused: Amazon does not let a confirmed shipment's tracking be replaced");

    private record ShipmentRow(String orderNumber, Channel channel, String storeId, String warehouseId,
                               String status, FailureCategory category, OffsetDateTime failedAt, boolean tagged) {
    }

    /** When the store's cart last took a write, and when it last failed to answer (or refused our credentials). */
    private record CartAnswers(OffsetDateTime lastWrite, OffsetDateTime lastUnanswered) {

        boolean unansweredSinceLastWrite() {
            return lastUnanswered != null && (lastWrite == null || lastWrite.isBefore(lastUnanswered));
        }
    }

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final Stores stores;
    private final LocationMappings mappings;
    private final RateBudget budget;
    private final CamelContext camel;

    RetryForecast(JdbcClient jdbc, Stores stores, LocationMappings mappings, RateBudget budget, CamelContext camel) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.mappings = mappings;
        this.budget = budget;
        this.camel = camel;
    }

    public Forecast forecast(List<String> orderNumbers) {
        Map<String, List<ShipmentRow>> byOrder = shipments(orderNumbers);
        Set<String> storeIds = new LinkedHashSet<>();
        byOrder.values().forEach(rows -> rows.forEach(row -> storeIds.add(row.storeId())));
        Map<String, CartAnswers> answers = cartAnswers(storeIds);
        Map<String, Map<String, OffsetDateTime>> mapped = new HashMap<>();
        storeIds.forEach(storeId -> mapped.put(storeId, mappings.mappedAt(storeId)));
        List<OrderForecast> forecasts = new ArrayList<>();
        for (String orderNumber : orderNumbers) {
            List<ShipmentRow> rows = byOrder.getOrDefault(orderNumber, List.of());
            if (rows.isEmpty()) {
                forecasts.add(new OrderForecast(orderNumber, null, null, false, Outlook.NOTHING,
                        "unknown order: no shipment of it was ever received"));
                continue;
            }
            ShipmentRow first = rows.get(0);
            boolean tagged = first.tagged();
            String retried = tagged ? "FAILED" : "SYNCED";
            OrderForecast worst = null;
            for (ShipmentRow row : rows) {
                if (!retried.equals(row.status())) {
                    continue;
                }
                OrderForecast forecast = tagged ? retry(row, mapped.get(row.storeId()), answers.get(row.storeId()))
                        : resend(row);
                if (worst == null || forecast.outlook().compareTo(worst.outlook()) > 0) {
                    worst = forecast;
                }
            }
            forecasts.add(worst != null ? worst : new OrderForecast(orderNumber, first.channel().code(),
                    first.storeId(), tagged, Outlook.NOTHING, "nothing to retry: its shipments are pending"));
        }
        return new Forecast(forecasts, delays(storeIds));
    }

    private OrderForecast retry(ShipmentRow row, Map<String, OffsetDateTime> mapped, CartAnswers answers) {
        Optional<Store> store = stores.find(row.storeId());
        if (store.isEmpty()) {
            return forecast(row, Outlook.WILL_FAIL, "store " + row.storeId() + " is not configured here");
        }
        if (row.channel().requiresLocation() && !mapped.containsKey(row.warehouseId())) {
            return forecast(row, Outlook.WILL_FAIL, "warehouse " + row.warehouseId() + " still has no location"
                    + " for store " + row.storeId() + ": map it first (Stores)");
        }
        FailureCategory category = row.category();
        if (category != null) {
            switch (category) {
                case INVALID_MESSAGE, UNKNOWN_CHANNEL, MISSING_TRACKING, INVALID_TRACKING, INVALID_CARRIER -> {
                    return forecast(row, Outlook.WILL_FAIL, "the same event fails the same check (" + category
                            + "): correct it where it is produced and send it again");
                }
                case ALREADY_SHIPPED -> {
                    return forecast(row, Outlook.WILL_FAIL, "the cart says its items already shipped, and says so"
                            + " again to a retry (a confirmed resend replaces the tracking)");
                }
                case LOCATION_NOT_STOCKED -> {
                    OffsetDateTime mappedAt = mapped.get(row.warehouseId());
                    if (mappedAt == null || !mappedAt.isAfter(row.failedAt())) {
                        return forecast(row, Outlook.UNCERTAIN, "the location warehouse " + row.warehouseId()
                                + " maps to did not stock the items: refused again unless they were stocked there");
                    }
                    return forecast(row, Outlook.LIKELY, "warehouse " + row.warehouseId() + " maps to another"
                            + " location since it failed");
                }
                case ITEMS_MISMATCH, REJECTED -> {
                    return forecast(row, Outlook.UNCERTAIN, "the cart refused it (" + category + "): refused again"
                            + " unless the order was changed in the cart");
                }
                case AUTH_FAILED -> {
                    return forecast(row, Outlook.UNCERTAIN, "the cart refused store " + row.storeId()
                            + "'s credentials: refused again unless they were renewed");
                }
                default -> {
                    // the cause was the cart's answer or its absence: what the cart did since says more
                }
            }
        }
        if (answers != null && answers.unansweredSinceLastWrite()) {
            return forecast(row, Outlook.UNCERTAIN, "store " + row.storeId() + "'s cart has taken no write since it"
                    + " last failed to answer or kept us waiting too long");
        }
        return forecast(row, Outlook.LIKELY, category == FailureCategory.LOCATION_NOT_MAPPED
                ? "warehouse " + row.warehouseId() + " is mapped now" : "no known obstacle");
    }

    private static OrderForecast resend(ShipmentRow row) {
        return forecast(row, row.channel() == Channel.AMAZON ? Outlook.WILL_FAIL : Outlook.LIKELY,
                "a resend " + RESEND.get(row.channel()));
    }

    private static OrderForecast forecast(ShipmentRow row, Outlook outlook, String reason) {
        return new OrderForecast(row.orderNumber(), row.channel().code(), row.storeId(), row.tagged(), outlook,
                reason);
    }

    /** What will make the retries wait: their channel's route suspended, their store's cart asking us to wait. */
    private List<String> delays(Set<String> storeIds) {
        List<String> delays = new ArrayList<>();
        Set<Channel> channels = new LinkedHashSet<>();
        for (String storeId : storeIds) {
            stores.find(storeId).ifPresent(store -> {
                channels.add(store.channel());
                Duration paused = budget.pausedFor(store);
                if (!paused.isZero()) {
                    delays.add("store " + storeId + "'s cart has us waiting " + paused.toSeconds() + " s more");
                }
            });
        }
        for (Channel channel : channels) {
            if (camel.getRouteController().getRouteStatus("writeback-" + channel.code()) == ServiceStatus.Suspended) {
                delays.add(channel.displayName() + " is suspended: its retries wait in writeback." + channel.code()
                        + " until it is resumed (Channels)");
            }
        }
        return delays;
    }

    private Map<String, List<ShipmentRow>> shipments(List<String> orderNumbers) {
        Map<String, List<ShipmentRow>> byOrder = new HashMap<>();
        for (int from = 0; from < orderNumbers.size(); from += CHUNK) {
            jdbc.sql("SELECT s.order_number, s.channel, s.store_id, s.warehouse_id, s.status,"
                            + " s.last_failure_category, s.updated_at, EXISTS (SELECT 1 FROM order_tag t"
                            + " WHERE t.order_number = s.order_number AND t.tag = :tag)"
                            + " FROM shipment s WHERE s.order_number IN (:orders)")
                    .param("tag", OrderRecords.FAILED_TAG)
                    .param("orders", orderNumbers.subList(from, Math.min(orderNumbers.size(), from + CHUNK)))
                    .query((rs, n) -> new ShipmentRow(rs.getString(1), Channel.fromCode(rs.getString(2)).orElseThrow(),
                            rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6) == null ? null : FailureCategory.valueOf(rs.getString(6)),
                            rs.getObject(7, OffsetDateTime.class), rs.getBoolean(8)))
                    .list().forEach(row -> byOrder.computeIfAbsent(row.orderNumber(), o -> new ArrayList<>()).add(row));
        }
        return byOrder;
    }

    private Map<String, CartAnswers> cartAnswers(Set<String> storeIds) {
        Map<String, CartAnswers> answers = new HashMap<>();
        if (storeIds.isEmpty()) {
            return answers;
        }
        jdbc.sql("SELECT store_id, MAX(synced_at), MAX(CASE WHEN status = 'FAILED'"
                        + " AND last_failure_category IN ('CHANNEL_UNAVAILABLE', 'RATE_LIMITED') THEN updated_at END)"
                        + " FROM shipment WHERE store_id IN (:stores) GROUP BY store_id")
                .param("stores", List.copyOf(storeIds))
                .query(rs -> {
                    answers.put(rs.getString(1), new CartAnswers(rs.getObject(2, OffsetDateTime.class),
                            rs.getObject(3, OffsetDateTime.class)));
                });
        return answers;
    }
}
