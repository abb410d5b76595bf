package io.writeback.cart.volusion;

import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartHttp;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.shipment.Shipment;
import io.writeback.shipment.ShipmentEvent;
import io.writeback.shipment.ShipmentLedger;
import io.writeback.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Volusion's XML import of {@code TrackingNumbers} (carts.md §6). What is documented: the columns, TrackingNumber
 * as the unique key (so sending the same number again updates rather than duplicates) and the MarkOrderShipped /
 * SendShippedEmail commands. What is not: the answer's format. An answer counts as success only when it is XML
 * rooted at {@code xmldata} with no error in it; anything else fails with Volusion's own text.
 */
@Component("volusion")
public class Volusion extends CartAdapter {

    static final int MAX_GATEWAY = 15;
    private static final Pattern ERROR = Pattern.compile("(?is).*(<[^>]*error[^>]*>|<success>\\s*false).*");
    private static final DateTimeFormatter SHIP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final CartHttp http;

    public Volusion(CartHttp http, ShipmentLedger ledger,
                    @Value("${writeback.redelivery.delay-pattern}") String redeliveryDelayPattern) {
        super(ledger, redeliveryDelayPattern);
        this.http = http;
    }

    @Override
    protected CartReceipt send(Shipment shipment, String locationId) {
        ShipmentEvent event = shipment.event();
        Store store = shipment.store();
        Tracking tracking = shipment.tracking();
        String orderId = numericId(Channel.VOLUSION, event.channelOrderId(), "channelOrderId");
        String gateway = tracking.carrier().cartName(Channel.VOLUSION).orElse(tracking.carrierName());
        if (gateway.length() > MAX_GATEWAY) {
            throw new WritebackFailure(FailureCategory.INVALID_CARRIER, "Volusion's Gateway column holds at most "
                    + MAX_GATEWAY + " characters; carrier name '" + gateway + "' has " + gateway.length()
                    + ": send a shorter carrierName");
        }
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<xmldata><TrackingNumbers>"
                + element("OrderID", orderId)
                + element("TrackingNumber", tracking.number())
                + element("Gateway", gateway)
                + element("ShipDate", SHIP_DATE.format(event.shipDate().atOffset(ZoneOffset.UTC)))
                + element("MarkOrderShipped", "true")
                + element("SendShippedEmail", Boolean.toString(shipment.notifyCustomer()))
                + "</TrackingNumbers></xmldata>";
        URI uri = URI.create(store.config().baseUrl() + "/net/WebService.aspx?Login="
                + URLEncoder.encode(store.config().login(), StandardCharsets.UTF_8) + "&EncryptedPassword="
                + URLEncoder.encode(store.config().encryptedPassword(), StandardCharsets.UTF_8)
                + "&Import=Insert-Update");
        HttpResponse<String> answer = http.send(store, HttpRequest.newBuilder(uri)
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)));
        String body = answer.body() == null ? "" : answer.body().strip();
        if (!body.toLowerCase(Locale.ROOT).contains("<xmldata") || ERROR.matcher(body).matches()) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Volusion did not confirm the tracking import"
                    + " for order " + orderId + "; it answered: " + (body.isEmpty() ? "(nothing)"
                    : CartHttp.abbreviate(body)));
        }
        return new CartReceipt("TrackingNumber " + tracking.number(), "Tracking " + gateway + " " + tracking.number()
                + " imported into Volusion order " + orderId + " (MarkOrderShipped"
                + (shipment.notifyCustomer() ? ", SendShippedEmail)" : ")"));
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</" + name + ">";
    }
}
