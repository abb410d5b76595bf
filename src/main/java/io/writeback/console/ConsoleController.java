package io.writeback.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.api.FailureCauses;
import io.writeback.api.InventoryIssues;
import io.writeback.api.OrderQueries;
import io.writeback.api.OrderViews;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.ledger.OrderRecords;
import io.writeback.ledger.RetrySource;
import io.writeback.retry.InventoryRetries;
import io.writeback.retry.Retries;
import io.writeback.retry.RetryForecast;
import io.writeback.retry.RetryProgress;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.annotation.DateTimeFormat.ISO;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The ops console's pages: orders by writeback status, tag, channel, store, failure, number and days; one order with
 * its shipments, events and timeline; failures grouped by cause with their fix (tracking, and beside it inventory
 * counts, which are written again from there); retry selected orders after a
 * confirmation that says what a resend does in each cart. Reads through the API's read model, retries through
 * {@link Retries}, as the API does.
 */
@Controller
class ConsoleController {

    static final int PAGE_SIZE = 50;
    /** The most orders "retry all matching" takes at once (the API's tag retry has no such limit). */
    static final int MAX_RETRY_ALL = 5_000;
    /** The writeback statuses as the console shows them (Envia's and Ordoro's words), in this order. */
    static final Map<String, String> STATUS_NAMES = statusNames();

    private final OrderQueries orders;
    private final FailureCauses causes;
    private final Retries retries;
    private final RetryForecast forecasts;
    private final RetryProgress progress;
    private final InventoryIssues inventoryIssues;
    private final InventoryRetries inventoryRetries;
    private final Stores stores;
    private final ObjectMapper json;
    private final int maximumRedeliveries;
    private final int maxScheduledRetries;

    ConsoleController(OrderQueries orders, FailureCauses causes, Retries retries, RetryForecast forecasts,
                      RetryProgress progress, InventoryIssues inventoryIssues, InventoryRetries inventoryRetries,
                      Stores stores, ObjectMapper json,
                      @Value("${writeback.redelivery.maximum-redeliveries}") int maximumRedeliveries,
                      @Value("${writeback.retry.max-scheduled-attempts}") int maxScheduledRetries) {
        this.orders = orders;
        this.causes = causes;
        this.retries = retries;
        this.forecasts = forecasts;
        this.progress = progress;
        this.inventoryIssues = inventoryIssues;
        this.inventoryRetries = inventoryRetries;
        this.stores = stores;
        this.json = json;
        this.maximumRedeliveries = maximumRedeliveries;
        this.maxScheduledRetries = maxScheduledRetries;
    }

    private static Map<String, String> statusNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("PENDING", "Fulfillment Pending");
        names.put("SYNCED", "Prepared");
        names.put("FAILED", "Failed");
        return names;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/orders";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/orders")
    String orders(@RequestParam(required = false) String status, @RequestParam(required = false) String tag,
                  @RequestParam(required = false) String channel, @RequestParam(required = false) String storeId,
                  @RequestParam(required = false) String category, @RequestParam(required = false) String orderNumber,
                  @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate updatedFrom,
                  @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate updatedTo,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        OrderQueries.Filter filter = filter(status, tag, channel, storeId, category, orderNumber, updatedFrom,
                updatedTo);
        int pageNumber = Math.max(0, page);
        OrderViews.Page<OrderViews.OrderSummary> found = orders.find(filter, PAGE_SIZE, pageNumber * PAGE_SIZE);
        Map<String, Long> byStatus = orders.countByStatus(filter);
        Map<String, Long> counts = new LinkedHashMap<>();
        STATUS_NAMES.keySet().forEach(s -> counts.put(s, byStatus.getOrDefault(s, 0L)));
        model.addAttribute("page", found);
        model.addAttribute("pageNumber", pageNumber);
        model.addAttribute("counts", counts);
        Map<String, String> statusLinks = new LinkedHashMap<>();
        STATUS_NAMES.keySet().forEach(s -> statusLinks.put(s, link("status", s)));
        model.addAttribute("statusLinks", statusLinks);
        model.addAttribute("newer", pageNumber > 0 ? link("page", Integer.toString(pageNumber - 1)) : null);
        model.addAttribute("older", (pageNumber + 1L) * PAGE_SIZE < found.total()
                ? link("page", Integer.toString(pageNumber + 1)) : null);
        model.addAttribute("filter", filter);
        // every order the filter matches, when they carry the failure tag (a retry, not a resend, for each)
        model.addAttribute("retryAll", filter.tag() != null && found.total() > 0 && found.total() <= MAX_RETRY_ALL
                ? ServletUriComponentsBuilder.fromCurrentRequest().replacePath("/retries/confirm-all")
                .replaceQueryParam("page").build().toUriString() : null);
        model.addAttribute("updatedFrom", updatedFrom);
        model.addAttribute("updatedTo", updatedTo);
        model.addAttribute("statusNames", STATUS_NAMES);
        model.addAttribute("tags", options(List.of(OrderRecords.FAILED_TAG)));
        model.addAttribute("channels", options(Arrays.stream(Channel.values()).map(Channel::code).toList()));
        model.addAttribute("stores", options(stores.all().stream().map(Store::id).sorted().toList()));
        model.addAttribute("categories", options(Arrays.stream(FailureCategory.values()).map(Enum::name).toList()));
        return "orders";
    }

    /** A filter's choices, each shown as it is named. */
    private static Map<String, String> options(List<String> values) {
        Map<String, String> options = new LinkedHashMap<>();
        values.forEach(value -> options.put(value, value));
        return options;
    }

    private OrderQueries.Filter filter(String status, String tag, String channel, String storeId, String category,
                                       String orderNumber, LocalDate updatedFrom, LocalDate updatedTo) {
        return OrderQueries.Filter.of(tag, STATUS_NAMES.containsKey(status) ? status : null,
                Channel.fromCode(channel).map(Channel::code).orElse(null),
                stores.find(storeId).map(Store::id).orElse(null),
                Arrays.stream(FailureCategory.values()).map(Enum::name).filter(c -> c.equals(category)).findFirst()
                        .orElse(null), orderNumber, updatedFrom, updatedTo);
    }

    /** This page's address with one parameter set (and a filter change starts again at the first page). */
    private static String link(String parameter, String value) {
        ServletUriComponentsBuilder link = ServletUriComponentsBuilder.fromCurrentRequest();
        if (!"page".equals(parameter)) {
            link.replaceQueryParam("page");
        }
        return link.replaceQueryParam(parameter, value).build().toUriString();
    }

    @GetMapping("/orders/{orderNumber}")
    String order(@PathVariable String orderNumber, Model model) {
        OrderViews.OrderDetail order = orders.get(orderNumber).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "Order " + orderNumber + " has no writeback record"));
        Map<String, String> events = new LinkedHashMap<>();
        for (Map.Entry<String, String> event : orders.latestEvents(orderNumber).entrySet()) {
            events.put(event.getKey(), pretty(event.getValue()));
        }
        Map<String, String> adminLinks = new LinkedHashMap<>();
        stores.find(order.storeId()).ifPresent(store -> order.shipments().forEach(shipment -> {
            String link = cartAdmin(store, shipment.channelOrderId());
            if (link != null) {
                adminLinks.put(shipment.shipmentId(), link);
            }
        }));
        model.addAttribute("order", order);
        model.addAttribute("events", events);
        model.addAttribute("adminLinks", adminLinks);
        model.addAttribute("attemptsPerRound", maximumRedeliveries + 1);
        model.addAttribute("maxScheduledRetries", maxScheduledRetries);
        model.addAttribute("statusNames", STATUS_NAMES);
        return "order";
    }

    /** The event as it came, indented; as it came when it is not JSON (a failure record keeps any body). */
    private String pretty(String event) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(event));
        } catch (JsonProcessingException notJson) {
            return event;
        }
    }

    /**
     * The order in the cart's own admin, where its address follows from the store (Shopify's shop, Amazon's Seller
     * Central, BigCommerce's control panel); none for a store on plain HTTP (the sandbox), nor where the admin's
     * address is the installation's choice (Magento's admin path, WooCommerce's order screen, Volusion).
     */
    static String cartAdmin(Store store, String channelOrderId) {
        if (channelOrderId == null || !"https".equals(store.config().baseUrl().getScheme())) {
            return null;
        }
        String id = UriUtils.encodePathSegment(channelOrderId.replaceFirst("^gid://shopify/Order/", ""),
                StandardCharsets.UTF_8);
        return switch (store.channel()) {
            case SHOPIFY -> store.config().baseUrl() + "/admin/orders/" + id;
            case AMAZON -> "https://sellercentral.amazon.com/orders-v3/order/" + id;
            case BIGCOMMERCE -> "https://store-" + UriUtils.encodePathSegment(store.config().storeHash(),
                    StandardCharsets.UTF_8) + ".mybigcommerce.com/manage/orders/" + id;
            case MAGENTO, WOOCOMMERCE, VOLUSION -> null;
        };
    }

    /** Tracking failures by cause, and beside them the inventory counts that failed, by cause. */
    @GetMapping("/failures")
    String failures(Model model) {
        model.addAttribute("causes", causes.find(null, null));
        model.addAttribute("inventoryCauses", inventoryIssues.causes(null));
        return "failures";
    }

    /** Writes a warehouse's failed counts for a store again now. */
    @PostMapping("/inventory/retries")
    String retryInventory(@RequestParam String storeId, @RequestParam String warehouseId,
                          RedirectAttributes redirect) {
        Store store = stores.find(storeId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        int queued = inventoryRetries.retry(store, warehouseId, "operator");
        redirect.addFlashAttribute("message", queued + " count(s) of warehouse " + warehouseId + " for store "
                + store.id() + " are being written again");
        return "redirect:/failures";
    }

    /** Step one of a retry of every order a tag filter matches (at most {@link #MAX_RETRY_ALL}). */
    @GetMapping("/retries/confirm-all")
    String confirmAll(@RequestParam(required = false) String status, @RequestParam(required = false) String tag,
                      @RequestParam(required = false) String channel, @RequestParam(required = false) String storeId,
                      @RequestParam(required = false) String category,
                      @RequestParam(required = false) String orderNumber,
                      @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate updatedFrom,
                      @RequestParam(required = false) @DateTimeFormat(iso = ISO.DATE) LocalDate updatedTo,
                      Model model) {
        OrderQueries.Filter filter = filter(status, tag, channel, storeId, category, orderNumber, updatedFrom,
                updatedTo);
        long total = orders.find(filter, 1, 0).total();
        if (filter.tag() == null || total > MAX_RETRY_ALL) {
            model.addAttribute("message", "Retrying every match needs a tag filter and at most " + MAX_RETRY_ALL
                    + " orders (" + total + " match): narrow the filter, or POST /api/retries with the tag.");
            return "retry-result";
        }
        List<String> matching = new ArrayList<>();
        for (int offset = 0; offset < total; offset += 500) {
            orders.find(filter, 500, offset).items().forEach(order -> matching.add(order.orderNumber()));
        }
        return confirm(matching, model);
    }

    /**
     * Step one of a retry: how many, what will likely happen to them, and which are resends (not tagged), with what
     * each cart does then.
     */
    @PostMapping("/retries/confirm")
    String confirm(@RequestParam(name = "orderNumber", required = false) List<String> selected, Model model) {
        List<String> orderNumbers = selected == null ? List.of() : selected.stream().distinct().toList();
        if (orderNumbers.isEmpty()) {
            model.addAttribute("message", "Select at least one order to retry.");
            return "retry-result";
        }
        model.addAttribute("orderNumbers", orderNumbers);
        model.addAttribute("forecast", forecasts.forecast(orderNumbers));
        return "retry-confirm";
    }

    /** Step two: the retry itself; resends only for the orders the operator ticked again on the confirmation. */
    @PostMapping("/retries")
    String retry(@RequestParam(name = "orderNumber", required = false) List<String> tagged,
                 @RequestParam(name = "resend", required = false) List<String> resends, Principal user,
                 Model model) {
        String requester = "user " + user.getName();
        List<Retries.Skipped> skipped = new ArrayList<>();
        int queued = 0;
        if (tagged != null && !tagged.isEmpty()) {
            Retries.Outcome outcome = retries.retryOrders(tagged, RetrySource.CONSOLE, requester);
            queued += outcome.queued();
            skipped.addAll(outcome.skipped());
        }
        for (String orderNumber : resends == null ? List.<String>of() : resends) {
            try {
                Retries.Outcome outcome = retries.retryOrder(orderNumber, true, RetrySource.CONSOLE, requester);
                queued += outcome.queued();
                skipped.addAll(outcome.skipped());
            } catch (Retries.UnknownOrder unknown) {
                skipped.add(new Retries.Skipped(orderNumber, "unknown order"));
            }
        }
        model.addAttribute("queued", queued);
        model.addAttribute("skipped", skipped);
        List<String> retried = new ArrayList<>(tagged == null ? List.of() : tagged);
        retried.addAll(resends == null ? List.of() : resends);
        model.addAttribute("retried", retried);
        model.addAttribute("progress", progress.of(retried));
        return "retry-result";
    }

    /** Where the orders of a retry are now: the result page asks every two seconds until none is left to write. */
    @PostMapping("/retries/progress")
    String progress(@RequestParam(name = "orderNumber", required = false) List<String> orderNumbers, Model model) {
        model.addAttribute("progress", progress.of(orderNumbers == null ? List.of() : orderNumbers));
        return "retry-result :: progress";
    }
}
