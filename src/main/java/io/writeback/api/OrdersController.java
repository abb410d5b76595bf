package io.writeback.api;

import io.writeback.api.OrderViews.OrderDetail;
import io.writeback.api.OrderViews.OrderSummary;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.shipment.WritebackStatus;
import java.time.LocalDate;
import java.util.Arrays;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Orders with their writeback state: filter by tag, status, channel, store; one order with shipments and timeline. */
@RestController
@RequestMapping("/api/orders")
class OrdersController {

    private static final int MAX_LIMIT = 500;

    private final OrderQueries orders;

    OrdersController(OrderQueries orders) {
        this.orders = orders;
    }

    @GetMapping
    OrderViews.Page<OrderSummary> list(@RequestParam(required = false) String tag,
                                       @RequestParam(required = false) String status,
                                       @RequestParam(required = false) String channel,
                                       @RequestParam(required = false) String storeId,
                                       @RequestParam(required = false) String category,
                                       @RequestParam(required = false) String orderNumber,
                                       @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE)
                                       LocalDate updatedFrom,
                                       @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE)
                                       LocalDate updatedTo,
                                       @RequestParam(defaultValue = "50") int limit,
                                       @RequestParam(defaultValue = "0") int offset) {
        if (status != null && Arrays.stream(WritebackStatus.values()).noneMatch(s -> s.name().equals(status))) {
            throw ApiException.badRequest("status", "status must be one of PENDING, SYNCED, FAILED");
        }
        if (channel != null && Channel.fromCode(channel).isEmpty()) {
            throw ApiException.badRequest("channel", "channel must be one of " + Channel.codes());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw ApiException.badRequest("offset", "offset must be 0 or more");
        }
        if (category != null && Arrays.stream(FailureCategory.values()).noneMatch(c -> c.name().equals(category))) {
            throw ApiException.badRequest("category", "category must be one of "
                    + Arrays.toString(FailureCategory.values()));
        }
        return orders.find(OrderQueries.Filter.of(tag, status, channel, storeId, category, orderNumber, updatedFrom,
                updatedTo),
                limit, offset);
    }

    @GetMapping("/{orderNumber}")
    OrderDetail get(@PathVariable String orderNumber) {
        return orders.get(orderNumber).orElseThrow(() -> ApiException.notFound("Order " + orderNumber
                + " has no writeback record"));
    }
}
