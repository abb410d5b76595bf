package io.writeback.cart.volusion;

import io.writeback.carrier.Tracking;
import io.writeback.cart.CartAdapter;
import io.writeback.cart.CartAdapterSupport;
import io.writeback.cart.CartHttp;
import io.writeback.cart.CartReceipt;
import io.writeback.cart.CartRequest;
import io.writeback.cart.CartResponse;
import io.writeback.cart.InventoryBatches;
import io.writeback.channel.Channel;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryLevel;
import io.writeback.ledger.SyncedShipment;
import io.writeback.shipment.Shipment;
import io.writeback.store.Store;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
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
    private static final int PRODUCTS_PER_IMPORT = 500;
    private static final DateTimeFormatter SHIP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    public Volusion(CartAdapterSupport support) {
        super(support);
    }

    /** One import request. */
    @Override
    public double writeCost() {
        return 1;
    }

    /**
     * After an attempt whose answer never came the import is repeated without SendShippedEmail: the TrackingNumber
     * key makes the row an update, and the customer does not get the shipped email twice (at the price of none, if
     * the first import never arrived).
     */
    @Override
    protected CartReceipt send(Shipment shipment, String locationId, String unconfirmedTracking) {
        String gateway = gateway(shipment.tracking());
        boolean email = shipment.notifyCustomer() && unconfirmedTracking == null;
        String orderId = importRow(shipment, shipment.event().channelOrderId(), shipment.tracking().number(), gateway,
                true, email);
        return new CartReceipt("TrackingNumber " + shipment.tracking().number(), "Tracking " + gateway + " "
                + shipment.tracking().number() + " imported into Volusion order " + orderId + " (MarkOrderShipped"
                + (email ? ", SendShippedEmail)" : shipment.notifyCustomer() ? "; no SendShippedEmail, since an"
                        + " earlier import whose answer never came may have sent it)" : ")"));
    }

    /**
     * Imports the new number onto the order, then detaches the old one the documented way (the same TrackingNumber
     * with OrderID 0), since the import cannot delete.
     */
    @Override
    protected CartReceipt replaceTracking(Shipment shipment, SyncedShipment previous, String locationId) {
        String gateway = gateway(shipment.tracking());
        String orderId = importRow(shipment, shipment.event().channelOrderId(), shipment.tracking().number(), gateway,
                true, shipment.notifyCustomer());
        importRow(shipment, "0", previous.trackingNumber(), gateway, false, false);
        return new CartReceipt("TrackingNumber " + shipment.tracking().number(), "Tracking " + gateway + " "
                + shipment.tracking().number() + " imported into Volusion order " + orderId + " and "
                + previous.trackingNumber() + " detached from it (confirmed resend)");
    }

    /** Volusion keeps one stock figure per product: the sum of the warehouses mapped to the store. */
    @Override
    public boolean inventoryPerLocation() {
        return false;
    }

    /** One import per {@link #PRODUCTS_PER_IMPORT} products. */
    @Override
    public double inventoryWriteCost(Store store, List<InventoryLevel> levels) {
        return Math.ceil(levels.size() / (double) PRODUCTS_PER_IMPORT);
    }

    /**
     * The product import ({@code Import=Update}, table {@code Products}): {@code ProductCode} (the SKU) and
     * {@code StockStatus}, Volusion's stock quantity. The import refuses its rows together, so a refused batch is
     * halved down to the product it refused. Like the tracking import, the format comes from integrators' code, not
     * from Volusion (carts.md §6).
     */
    @Override
    protected Map<InventoryLevel, WritebackFailure> sendInventory(Store store, List<InventoryLevel> levels) {
        return InventoryBatches.write(levels, PRODUCTS_PER_IMPORT, batch -> importXml(store, "Update",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<xmldata>" + String.join("", batch.stream()
                        .map(level -> "<Products>" + element("ProductCode", level.sku())
                                + element("StockStatus", Integer.toString(level.quantity())) + "</Products>")
                        .toList()) + "</xmldata>",
                "the stock import of " + batch.size() + " product(s)"));
    }

    /** Volusion's API takes the login and the encrypted password in the query, before the command. */
    @Override
    protected CartRequest signed(Store store, CartRequest request) {
        URI uri = request.uri();
        String credentials = "Login=" + URLEncoder.encode(store.config().login(), StandardCharsets.UTF_8)
                + "&EncryptedPassword=" + URLEncoder.encode(store.config().encryptedPassword(), StandardCharsets.UTF_8);
        return request.at(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?"
                + credentials + (uri.getRawQuery() == null ? "" : "&" + uri.getRawQuery())));
    }

    private static String gateway(Tracking tracking) {
        String gateway = tracking.carrier().cartName(Channel.VOLUSION).orElse(tracking.carrierName());
        if (gateway.length() > MAX_GATEWAY) {
            throw new WritebackFailure(FailureCategory.INVALID_CARRIER, "Volusion's Gateway column holds at most "
                    + MAX_GATEWAY + " characters; carrier name '" + gateway + "' has " + gateway.length()
                    + ": send a shorter carrierName");
        }
        return gateway;
    }

    /** One TrackingNumbers row; {@code ship} adds the MarkOrderShipped and SendShippedEmail commands. */
    private String importRow(Shipment shipment, String orderId, String trackingNumber, String gateway, boolean ship,
                             boolean email) {
        Store store = shipment.store();
        String order = orderId.equals("0") ? orderId
                : numericId(Channel.VOLUSION, orderId, "channelOrderId");
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<xmldata><TrackingNumbers>"
                + element("OrderID", order)
                + element("TrackingNumber", trackingNumber)
                + element("Gateway", gateway)
                + (ship ? element("ShipDate", SHIP_DATE.format(shipment.event().shipDate().atOffset(ZoneOffset.UTC)))
                        + element("MarkOrderShipped", "true")
                        + element("SendShippedEmail", Boolean.toString(email)) : "")
                + "</TrackingNumbers></xmldata>";
        importXml(store, "Insert-Update", xml, "the tracking import for order " + order);
        return order;
    }

    /**
     * Posts an import ({@code Import=<command>}); Volusion answers an {@code <xmldata>} document, with an error
     * element or {@code <Success>false} when it refused the rows.
     */
    private void importXml(Store store, String command, String xml, String what) {
        URI uri = URI.create(store.config().baseUrl() + "/net/WebService.aspx?Import=" + command);
        CartResponse answer = call(store, CartRequest.of("POST", uri, "text/xml; charset=utf-8", xml));
        String body = answer.body() == null ? "" : answer.body().strip();
        if (!body.toLowerCase(Locale.ROOT).contains("<xmldata") || ERROR.matcher(body).matches()) {
            throw new WritebackFailure(FailureCategory.REJECTED, "Volusion did not confirm " + what
                    + "; it answered: " + (body.isEmpty() ? "(nothing)" : CartHttp.abbreviate(body)));
        }
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</" + name + ">";
    }
}
