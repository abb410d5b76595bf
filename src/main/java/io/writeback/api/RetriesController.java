package io.writeback.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.channel.Channel;
import io.writeback.ledger.RetrySource;
import io.writeback.retry.Retries;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manual retry: one order ({@code confirm} needed when it is not tagged) or many, by order numbers or by tag,
 * channel and store. Answers 202 with how many shipments were queued and which orders were skipped, and why.
 */
@RestController
class RetriesController {

    static final int MAX_ORDER_NUMBERS = 1000;

    private final Retries retries;

    RetriesController(Retries retries) {
        this.retries = retries;
    }

    @PostMapping("/api/orders/{orderNumber}/retry")
    ResponseEntity<Retries.Outcome> retryOrder(@PathVariable String orderNumber,
                                               @RequestBody(required = false) JsonNode body, Principal user) {
        JsonNode confirm = body == null ? null : body.get("confirm");
        if (confirm != null && !confirm.isNull() && !confirm.isBoolean()) {
            throw ApiException.badRequest("confirm", "confirm must be true or false");
        }
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(retries.retryOrder(orderNumber,
                    confirm != null && confirm.asBoolean(), RetrySource.API, "user " + user.getName()));
        } catch (Retries.UnknownOrder e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    @PostMapping("/api/retries")
    ResponseEntity<Retries.Outcome> retryMany(@RequestBody(required = false) JsonNode body, Principal user) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "The body must be {\"orderNumbers\": [...]} or {\"tag\": \"...\","
                    + " \"channel\": \"...\", \"storeId\": \"...\"}");
        }
        String requester = "user " + user.getName();
        JsonNode orderNumbers = body.get("orderNumbers");
        JsonNode tag = body.get("tag");
        if ((orderNumbers == null) == (tag == null)) {
            throw ApiException.badRequest(orderNumbers == null ? "orderNumbers" : "tag",
                    "Give either orderNumbers or tag (with optional channel and storeId), not both");
        }
        if (orderNumbers != null) {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(retries.retryOrders(orderNumbers(orderNumbers), RetrySource.API, requester));
        }
        if (!tag.isTextual() || tag.asText().isBlank()) {
            throw ApiException.badRequest("tag", "tag must be a non-empty string, e.g. \"Failed Shipment Notification\"");
        }
        String channel = optionalText(body, "channel");
        if (channel != null && Channel.fromCode(channel).isEmpty()) {
            throw ApiException.badRequest("channel", "channel must be one of " + Channel.codes());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(retries.retryTagged(tag.asText(), channel,
                optionalText(body, "storeId"), RetrySource.API, requester));
    }

    @ExceptionHandler(Retries.ConfirmationRequired.class)
    ResponseEntity<ApiErrors.ApiError> confirmationRequired(Retries.ConfirmationRequired e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiErrors.ApiError(409, "Conflict", "confirm",
                e.getMessage()));
    }

    private static List<String> orderNumbers(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            throw ApiException.badRequest("orderNumbers", "orderNumbers must be a non-empty array of order numbers");
        }
        if (node.size() > MAX_ORDER_NUMBERS) {
            throw ApiException.badRequest("orderNumbers", "At most " + MAX_ORDER_NUMBERS + " order numbers per"
                    + " request, got " + node.size() + ": split the list, or retry by tag");
        }
        List<String> numbers = new ArrayList<>();
        for (JsonNode number : node) {
            if (!number.isTextual() || number.asText().isBlank()) {
                throw ApiException.badRequest("orderNumbers", "Every order number must be a non-empty string, got "
                        + number);
            }
            numbers.add(number.asText());
        }
        return numbers;
    }

    private static String optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        return value.asText();
    }
}
