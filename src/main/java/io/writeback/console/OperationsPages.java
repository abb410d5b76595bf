package io.writeback.console;

import io.writeback.api.ApiException;
import io.writeback.api.MappingChanges;
import io.writeback.channel.Channel;
import io.writeback.ledger.ShipmentQueries;
import io.writeback.pacing.RateBudget;
import io.writeback.pacing.RateStatus;
import io.writeback.store.LocationMappings;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's stores and channels: per store what the last 24 h wrote and failed, its oldest unresolved failure,
 * its rate budget and whether its cart has us waiting, its warehouse mappings (a new one says how many retries it
 * scheduled); per channel its route's state, suspended and resumed here as through JMX.
 */
@Controller
class OperationsPages {

    /** One store as the page shows it. */
    record StoreRow(Store store, Map<String, Long> lastDay, OffsetDateTime oldestFailure, RateStatus budget,
                    Duration pausedFor, Map<String, String> mappings) {
    }

    /** One channel as the page shows it. */
    record ChannelRow(String code, String name, String routeStatus, long pending, long failed) {
    }

    private final Stores stores;
    private final ShipmentQueries queries;
    private final RateBudget budget;
    private final LocationMappings mappings;
    private final MappingChanges changes;
    private final CamelContext camel;

    OperationsPages(Stores stores, ShipmentQueries queries, RateBudget budget, LocationMappings mappings,
                    MappingChanges changes, CamelContext camel) {
        this.stores = stores;
        this.queries = queries;
        this.budget = budget;
        this.mappings = mappings;
        this.changes = changes;
        this.camel = camel;
    }

    @GetMapping("/stores")
    String stores(Model model) {
        Map<String, Map<String, Long>> lastDay = queries.byStoreSince(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1));
        Map<String, OffsetDateTime> oldest = queries.oldestFailures();
        List<StoreRow> rows = stores.all().stream().sorted((a, b) -> a.id().compareTo(b.id()))
                .map(store -> new StoreRow(store, lastDay.getOrDefault(store.id(), Map.of()), oldest.get(store.id()),
                        budget.status(store), budget.pausedFor(store), mappings.forStore(store.id())))
                .toList();
        model.addAttribute("stores", rows);
        return "stores";
    }

    @PostMapping("/stores/{storeId}/mappings")
    String map(@PathVariable String storeId, @RequestParam(required = false) String warehouseId,
               @RequestParam(required = false) String locationId, RedirectAttributes redirect) {
        try {
            MappingChanges.MappingView mapped = changes.put(storeId, warehouseId, locationId);
            redirect.addFlashAttribute("message", "Store " + mapped.storeId() + ": warehouse " + mapped.warehouseId()
                    + " now maps to " + mapped.locationId() + "; " + mapped.retriesScheduled() + " retries scheduled"
                    + (mapped.inventoryCountsRequeued() > 0 ? "; " + mapped.inventoryCountsRequeued()
                    + " inventory count(s) written again" : ""));
        } catch (ApiException refused) {
            redirect.addFlashAttribute("error", refused.getMessage());
        }
        return "redirect:/stores";
    }

    @GetMapping("/channels")
    String channels(Model model) {
        Map<String, Map<String, Long>> counts = queries.pendingAndFailedByChannel();
        model.addAttribute("channels", Arrays.stream(Channel.values()).map(channel -> {
            Map<String, Long> ofChannel = counts.getOrDefault(channel.code(), Map.of());
            ServiceStatus status = camel.getRouteController().getRouteStatus(route(channel.code()));
            return new ChannelRow(channel.code(), channel.displayName(), status == null ? "Missing" : status.name(),
                    ofChannel.getOrDefault("PENDING", 0L), ofChannel.getOrDefault("FAILED", 0L));
        }).toList());
        return "channels";
    }

    /** Suspends a channel's route: its writes wait in its queue until it is resumed (the others go on). */
    @PostMapping("/channels/{channel}/suspend")
    String suspend(@PathVariable String channel, @RequestParam(required = false) String confirm,
                   RedirectAttributes redirect) throws Exception {
        String code = known(channel);
        if (!"yes".equals(confirm)) {
            redirect.addFlashAttribute("error", "Tick the confirmation to suspend " + code);
        } else {
            camel.getRouteController().suspendRoute(route(code));
            redirect.addFlashAttribute("message", code + " suspended: its writes wait in writeback." + code);
        }
        return "redirect:/channels";
    }

    @PostMapping("/channels/{channel}/resume")
    String resume(@PathVariable String channel, RedirectAttributes redirect) throws Exception {
        String code = known(channel);
        camel.getRouteController().resumeRoute(route(code));
        redirect.addFlashAttribute("message", code + " resumed");
        return "redirect:/channels";
    }

    private static String known(String channel) {
        return Channel.fromCode(channel).map(Channel::code)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No channel " + channel));
    }

    private static String route(String channel) {
        return "writeback-" + channel;
    }
}
