package io.writeback.cart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.metrics.WritebackMetrics;
import io.writeback.pacing.RateBudget;
import io.writeback.pacing.RateStatus;
import io.writeback.store.Store;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.commons.lang3.StringUtils;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HTTP to the carts, shared by all adapters: each request goes through its channel's {@code cart-http-<channel>}
 * route (camel-http, routes/cart-http.camel.yaml) in an exchange of its own, so nothing of the shipment's message
 * reaches the cart and nothing the cart answers reaches that message. Here, in one place, a cart's answer becomes a
 * {@link CartResponse}, a {@link WritebackFailure} or figures for the store's {@link RateBudget}
 * (design.md §2.3): connect errors and 5xx are CHANNEL_UNAVAILABLE, a timeout or a connection lost after the request
 * too, with its outcome unknown; 429 is RATE_LIMITED with the cart's Retry-After, 401/403 AUTH_FAILED, any other
 * answer REJECTED with the cart's own message. Requests carry credentials in headers (Volusion's in the query);
 * nothing here logs them, and no failure reason quotes a request's path or query.
 */
@Component
public class CartHttp {

    private static final int MAX_CART_MESSAGE = 500;
    /** The longest a call is held in its thread to keep to the cart's limit. */
    private static final Duration MAX_HOLD = Duration.ofSeconds(2);

    private final ProducerTemplate producer;
    private final Duration requestTimeout;
    private final ObjectMapper json;
    private final RateBudget budget;
    private final WritebackMetrics metrics;

    public CartHttp(ProducerTemplate producer,
                    @Value("${writeback.http.request-timeout}") Duration requestTimeout,
                    ObjectMapper json, RateBudget budget, WritebackMetrics metrics) {
        this.producer = producer;
        this.requestTimeout = requestTimeout;
        this.json = json;
        this.budget = budget;
        this.metrics = metrics;
    }

    /**
     * Sends the request and returns the cart's 2xx answer; anything else becomes a {@link WritebackFailure}, and so
     * does a call while the cart has asked us to wait (RATE_LIMITED, without calling).
     */
    public CartResponse send(Store store, CartRequest request) {
        Duration paused = budget.pausedFor(store);
        if (!paused.isZero()) {
            // an earlier answer (of this write or another) said the store's limit is used up: a call now would
            // only be refused
            throw new WritebackFailure(FailureCategory.RATE_LIMITED, cart(store) + " has asked us to wait "
                    + paused.toMillis() + " ms before the next call", paused);
        }
        holdForTheCartsLimit(store);
        long started = System.nanoTime();
        Exchange call = producer.send("direct:cart-http-" + store.channel().code(), exchange -> {
            Message message = exchange.getIn();
            URI uri = request.uri();
            message.setHeader(Exchange.HTTP_METHOD, request.method());
            message.setHeader(Exchange.HTTP_URI, uri.getScheme() + "://" + uri.getRawAuthority()
                    + (uri.getRawPath() == null ? "" : uri.getRawPath()));
            if (uri.getRawQuery() != null) {
                message.setHeader(Exchange.HTTP_QUERY, uri.getRawQuery());
            }
            request.headers().forEach(message::setHeader);
            message.setBody(request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8));
        });
        CartResponse response;
        try {
            response = answer(store, call);
        } finally {
            metrics.cartCall(store, answered(call), Duration.ofNanos(System.nanoTime() - started));
        }
        budget.observe(store, rateStatus(response));
        quotaUsedUp(response).ifPresent(untilReset -> budget.pause(store, untilReset));
        if (response.statusCode() / 100 == 2) {
            return response;
        }
        throw failure(store, response);
    }

    /**
     * Keeps the calls a store receives within its limit: a short hold in this (virtual) thread; a longer one waits in
     * the broker instead (RATE_LIMITED, without calling).
     */
    private void holdForTheCartsLimit(Store store) {
        Duration hold = budget.beforeCall(store);
        if (hold.compareTo(MAX_HOLD) > 0) {
            throw new WritebackFailure(FailureCategory.RATE_LIMITED, "A call to " + cart(store) + " now would exceed"
                    + " its rate limit; waiting " + hold.toMillis() + " ms", hold);
        }
        if (!hold.isZero()) {
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WritebackFailure(FailureCategory.CHANNEL_UNAVAILABLE, "Interrupted before calling "
                        + cart(store));
            }
        }
    }

    /** The cart's answer, whatever its status; a call that got none becomes a failure. */
    /** The status the cart answered, or null when no answer came. */
    private static Integer answered(Exchange call) {
        HttpOperationFailedException refused = call.getException(HttpOperationFailedException.class);
        if (refused != null) {
            return refused.getStatusCode();
        }
        return call.getException() != null ? null : call.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE,
                Integer.class);
    }

    private CartResponse answer(Store store, Exchange call) {
        HttpOperationFailedException refused = call.getException(HttpOperationFailedException.class);
        if (refused != null) {
            return new CartResponse(refused.getStatusCode(), refused.getResponseHeaders() == null ? Map.of()
                    : refused.getResponseHeaders(), refused.getResponseBody());
        }
        Exception notSent = Stream.of(ConnectException.class, ConnectTimeoutException.class,
                        UnknownHostException.class, ConnectionRequestTimeoutException.class)
                .map(type -> (Exception) call.getException(type)).filter(Objects::nonNull).findFirst().orElse(null);
        if (notSent != null) {
            // the request never left: the cart has not seen it
            throw new WritebackFailure(FailureCategory.CHANNEL_UNAVAILABLE, cart(store) + " could not be reached ("
                    + describe(notSent) + ")", null, notSent);
        }
        SocketTimeoutException timedOut = call.getException(SocketTimeoutException.class);
        if (timedOut != null) {
            throw WritebackFailure.outcomeUnknown(FailureCategory.CHANNEL_UNAVAILABLE, cart(store)
                    + " did not answer within " + requestTimeout.toSeconds() + " s", timedOut);
        }
        IOException broken = call.getException(IOException.class);
        if (broken != null) {
            // the request may have reached the cart before the connection broke
            throw WritebackFailure.outcomeUnknown(FailureCategory.CHANNEL_UNAVAILABLE, cart(store)
                    + " did not answer (" + describe(broken) + ")", broken);
        }
        if (call.getException() != null) {
            // not chained: such an exception's message may quote the request's address, query and all
            throw new IllegalStateException("The call to " + cart(store) + " failed: "
                    + call.getException().getClass().getName());
        }
        Message answer = call.getMessage();
        Map<String, String> headers = new HashMap<>();
        answer.getHeaders().forEach((name, value) -> {
            if (value != null && !name.startsWith("Camel")) {
                headers.put(name, value.toString());
            }
        });
        return new CartResponse(answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), headers,
                answer.getBody(String.class));
    }

    private static String describe(Exception exception) {
        return exception.getClass().getSimpleName() + (exception.getMessage() == null ? ""
                : ": " + exception.getMessage());
    }

    /** A cart's figures about its limit found in an answer's body (Shopify GraphQL's throttleStatus). */
    public void reportRateStatus(Store store, RateStatus status) {
        budget.observe(store, status);
    }

    /**
     * What the cart's headers say about its limit: Shopify REST {@code X-Shopify-Shop-Api-Call-Limit: used/size},
     * Amazon {@code x-amzn-RateLimit-Limit} (requests per second), BigCommerce {@code X-Rate-Limit-Requests-Quota}
     * per {@code X-Rate-Limit-Time-Window-Ms} with {@code X-Rate-Limit-Requests-Left}.
     */
    static RateStatus rateStatus(CartResponse response) {
        Optional<String[]> callLimit = response.header("X-Shopify-Shop-Api-Call-Limit").map(v -> v.split("/"));
        if (callLimit.isPresent() && callLimit.get().length == 2) {
            Double used = number(callLimit.get()[0]);
            Double size = number(callLimit.get()[1]);
            return new RateStatus(size, used == null || size == null ? null : size - used, null);
        }
        Double amazonRate = response.header("x-amzn-RateLimit-Limit").map(CartHttp::number).orElse(null);
        if (amazonRate != null) {
            return new RateStatus(null, null, amazonRate);
        }
        Double quota = response.header("X-Rate-Limit-Requests-Quota").map(CartHttp::number).orElse(null);
        Double windowMs = response.header("X-Rate-Limit-Time-Window-Ms").map(CartHttp::number).orElse(null);
        Double left = response.header("X-Rate-Limit-Requests-Left").map(CartHttp::number).orElse(null);
        return new RateStatus(quota, left, quota == null || windowMs == null || windowMs <= 0 ? null
                : quota * 1000 / windowMs);
    }

    /** BigCommerce: none of the window's requests left; nothing more until it resets. */
    private static Optional<Duration> quotaUsedUp(CartResponse response) {
        boolean noneLeft = response.header("X-Rate-Limit-Requests-Left")
                .map(left -> left.trim().equals("0")).orElse(false);
        return noneLeft ? resetAfter(response) : Optional.empty();
    }

    private static Double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A request with a JSON body (or none) that accepts JSON; the adapter adds its authentication. */
    public CartRequest jsonRequest(String method, URI uri, Object body) {
        return new CartRequest(method, uri, Map.of("Accept", "application/json",
                "Content-Type", "application/json; charset=utf-8"), body == null ? null : toJson(body));
    }

    public JsonNode readJson(Store store, CartResponse response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new WritebackFailure(FailureCategory.REJECTED, cart(store) + " answered " + response.statusCode()
                    + " with a body that is not JSON: " + abbreviate(response.body()));
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write request body", e);
        }
    }

    WritebackFailure failure(Store store, CartResponse response) {
        int status = response.statusCode();
        String said = cartMessage(response.body()).map(m -> ": " + m).orElse("");
        Duration retryAfter = response.header("Retry-After").flatMap(CartHttp::retryAfter)
                .or(() -> resetAfter(response)).orElse(null);
        if (status == 429) {
            return new WritebackFailure(FailureCategory.RATE_LIMITED, cart(store) + " is rate limiting us (429)"
                    + said, retryAfter);
        }
        if (status >= 500) {
            return new WritebackFailure(FailureCategory.CHANNEL_UNAVAILABLE, cart(store) + " answered " + status
                    + said, retryAfter);
        }
        if (status == 401 || status == 403) {
            return new WritebackFailure(FailureCategory.AUTH_FAILED, cart(store) + " refused our credentials ("
                    + status + said + "): check the credentials configured for writeback.stores." + store.id()
                    + " and the app's permissions in the cart");
        }
        return new WritebackFailure(FailureCategory.REJECTED, cart(store) + " rejected the request (" + status
                + said + ")");
    }

    /** Shopify, Amazon, BigCommerce, Magento and WooCommerce error bodies all carry a "message" or "errors". */
    Optional<String> cartMessage(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            List<String> messages = new ArrayList<>();
            collectMessages(json.readTree(body), messages);
            return messages.isEmpty() ? Optional.of(abbreviate(body)) : Optional.of(abbreviate(String.join("; ",
                    messages)));
        } catch (IOException notJson) {
            return Optional.of(abbreviate(body));
        }
    }

    private static void collectMessages(JsonNode node, List<String> messages) {
        if (node.isTextual()) {
            messages.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(element -> collectMessages(element, messages));
        } else if (node.isObject()) {
            for (String field : List.of("title", "errors", "message", "error_description", "details")) {
                JsonNode value = node.get(field);
                if (field.equals("message") && value != null && value.isTextual() && node.has("parameters")) {
                    messages.add(withParameters(value.asText(), node.get("parameters")));
                } else if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
                    collectMessages(value, messages);
                    if (!field.equals("message")) {
                        return;
                    }
                }
            }
        }
    }

    /** BigCommerce's X-Rate-Limit-Time-Reset-Ms: milliseconds until the store's quota window resets. */
    private static Optional<Duration> resetAfter(CartResponse response) {
        try {
            return response.header("X-Rate-Limit-Time-Reset-Ms")
                    .map(ms -> Duration.ofMillis(Long.parseLong(ms.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Magento writes "%1" or "%fieldName" in its messages and the values in "parameters". */
    private static String withParameters(String message, JsonNode parameters) {
        String filled = message;
        if (parameters.isArray()) {
            for (int i = parameters.size(); i >= 1; i--) {
                filled = filled.replace("%" + i, parameters.get(i - 1).asText());
            }
        } else {
            var fields = parameters.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                filled = filled.replace("%" + field.getKey(), field.getValue().asText());
            }
        }
        return filled;
    }

    /** Retry-After as seconds (possibly fractional, as Shopify sends "2.0") or as an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(value.trim()) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    public static String cart(Store store) {
        return store.channel().displayName() + " store " + store.id();
    }

    /** A cart's answer on one line, cut to a length that fits a failure reason. */
    public static String abbreviate(String text) {
        return StringUtils.abbreviate(StringUtils.normalizeSpace(text), "…", MAX_CART_MESSAGE + 1);
    }
}
