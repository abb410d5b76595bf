package io.writeback.retry;

import io.writeback.shipment.WritebackStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Where the orders of a retry are now: still queued, being written, written back, or failed again and why. */
@Component
public class RetryProgress {

    /** An order's state since its retry was queued, in the order an operator reads them. */
    public enum State {
        FAILED("Failed again"),
        QUEUED("Queued"),
        WRITING("Being written"),
        SYNCED("Written back");

        private final String words;

        State(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public record OrderProgress(String orderNumber, State state, String reason) {
    }

    /** The orders' states: failed ones first; {@link #done()} once none is queued or being written. */
    public record Progress(List<OrderProgress> orders) {

        /** How many orders are in each state, for the states some order is in. */
        public Map<State, Long> counts() {
            Map<State, Long> counts = new EnumMap<>(State.class);
            orders.forEach(order -> counts.merge(order.state(), 1L, Long::sum));
            return counts;
        }

        /** The orders a page lists: the first 200 (failed ones first). */
        public List<OrderProgress> shown() {
            return orders.subList(0, Math.min(200, orders.size()));
        }

        public boolean done() {
            return orders.stream().noneMatch(order -> order.state() == State.QUEUED || order.state() == State.WRITING);
        }

        /** Of the orders, the part that has an outcome, 0 to 100. */
        public int percentDone() {
            long ended = orders.stream().filter(o -> o.state() == State.SYNCED || o.state() == State.FAILED).count();
            return orders.isEmpty() ? 100 : (int) (ended * 100 / orders.size());
        }
    }

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;

    RetryProgress(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Progress of(List<String> orderNumbers) {
        Map<String, OrderProgress> found = new HashMap<>();
        for (int from = 0; from < orderNumbers.size(); from += CHUNK) {
            jdbc.sql("SELECT o.order_number, o.status,"
                            + " SUM(CASE WHEN s.retry_token IS NOT NULL AND s.status <> 'SYNCED' THEN 1 ELSE 0 END),"
                            + " MAX(CASE WHEN s.status = 'FAILED' THEN s.last_failure_reason END)"
                            + " FROM writeback_order o JOIN shipment s ON s.order_number = o.order_number"
                            + " WHERE o.order_number IN (:orders) GROUP BY o.order_number, o.status")
                    .param("orders", orderNumbers.subList(from, Math.min(orderNumbers.size(), from + CHUNK)))
                    .query((rs, row) -> {
                        WritebackStatus status = WritebackStatus.valueOf(rs.getString(2));
                        State state = rs.getLong(3) > 0 ? State.QUEUED : switch (status) {
                            case PENDING -> State.WRITING;
                            case SYNCED -> State.SYNCED;
                            case FAILED -> State.FAILED;
                        };
                        return new OrderProgress(rs.getString(1), state, state == State.FAILED ? rs.getString(4)
                                : null);
                    }).list().forEach(order -> found.put(order.orderNumber(), order));
        }
        List<OrderProgress> orders = new ArrayList<>(orderNumbers.stream().distinct().map(found::get)
                .filter(Objects::nonNull).toList());
        orders.sort(Comparator.comparing(OrderProgress::state));
        return new Progress(orders);
    }
}
