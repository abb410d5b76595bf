package io.writeback.sandbox.volusion;

import io.writeback.sandbox.SandboxAccounts;
import io.writeback.sandbox.SandboxCart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Sandbox Volusion stores at {@code /sandbox/volusion/{store}/net/WebService.aspx}: the documented XML import of
 * {@code TrackingNumbers} (TrackingNumber is the unique key; MarkOrderShipped sets the order Shipped), and of
 * {@code Products} with {@code Import=Update} (ProductCode, StockStatus). Volusion does
 * not document its answer; this sandbox answers XML rooted at {@code xmldata}, and {@code <Error>} for a problem.
 */
@RestController
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
public class VolusionSandbox extends SandboxAccounts<VolusionSandbox.Store> {

    /** One store: its API login, order statuses and imported tracking numbers (number → order id, gateway). */
    public static final class Store extends SandboxCart {
        private final String login;
        private final String encryptedPassword;
        private final Map<Long, String> statuses = new LinkedHashMap<>();
        private final Map<String, String[]> trackingNumbers = new LinkedHashMap<>();
        /** Products by ProductCode, with their StockStatus (null until imported). */
        private final Map<String, Integer> stock = new LinkedHashMap<>();

        Store(String login, String encryptedPassword) {
            this.login = login;
            this.encryptedPassword = encryptedPassword;
        }

        public synchronized Store order(long orderId) {
            statuses.put(orderId, "Processing");
            return this;
        }

        /** Products the store sells, by ProductCode. */
        public synchronized Store products(String... codes) {
            for (String code : codes) {
                stock.putIfAbsent(code, null);
            }
            return this;
        }

        public synchronized Integer stock(String productCode) {
            return stock.get(productCode);
        }

        public synchronized String status(long orderId) {
            return statuses.get(orderId);
        }

        /** Imported tracking numbers of an order, with their Gateway. */
        public synchronized Map<String, String> trackingNumbers(long orderId) {
            Map<String, String> numbers = new LinkedHashMap<>();
            trackingNumbers.forEach((number, row) -> {
                if (row[0].equals(Long.toString(orderId))) {
                    numbers.put(number, row[1]);
                }
            });
            return numbers;
        }
    }

    public VolusionSandbox() {
        super("volusion", "demo");
        resetDemo();
    }

    @Override
    protected Store demo() {
        return new Store("ops@example.com", "SANDBOXENCRYPTEDPASSWORD").order(5001).order(5002)
                .products("TEE-RED-M", "MUG-WHITE", "HAT-BLUE", "POSTER-XL", "SOCKS-3PK");
    }

    public Store createStore(String name, String login, String encryptedPassword) {
        return add(name, new Store(login, encryptedPassword));
    }

    @PostMapping(path = "/sandbox/volusion/{storeName}/net/WebService.aspx", produces = MediaType.TEXT_XML_VALUE)
    public ResponseEntity<String> webService(@PathVariable String storeName,
                                             @RequestParam(name = "Login", required = false) String login,
                                             @RequestParam(name = "EncryptedPassword", required = false)
                                             String encryptedPassword,
                                             @RequestParam(name = "Import", required = false) String importMode,
                                             @RequestBody String body) {
        Store store = account(storeName);
        if (store == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("Not Found");
        }
        synchronized (store) {
            store.record("Import " + importMode, body);
            if (!store.login.equals(login) || !store.encryptedPassword.equals(encryptedPassword)) {
                return ResponseEntity.status(HttpStatus.FORBIDDEN).body("Access denied: invalid Login or"
                        + " EncryptedPassword");
            }
            if (store.takeOutage()) {
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("Service Unavailable");
            }
            Document document;
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                document = factory.newDocumentBuilder()
                        .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                return answer("<Error>The import is not valid XML</Error>");
            }
            if ("Update".equals(importMode) && document.getElementsByTagName("Products").getLength() > 0) {
                return importStock(store, document);
            }
            if (!"Insert-Update".equals(importMode)) {
                return answer("<Error>Import mode " + importMode + " is not supported for TrackingNumbers</Error>");
            }
            Element row = (Element) document.getElementsByTagName("TrackingNumbers").item(0);
            if (row == null) {
                return answer("<Error>The import has no TrackingNumbers row</Error>");
            }
            String orderId = text(row, "OrderID");
            String number = text(row, "TrackingNumber");
            if (orderId == null || number == null) {
                return answer("<Error>TrackingNumbers needs OrderID and TrackingNumber</Error>");
            }
            if (orderId.equals("0")) {
                // documented way to detach a tracking number from its order
                store.trackingNumbers.remove(number);
                return answer("<TrackingNumbers><OrderID>0</OrderID><TrackingNumber>" + number
                        + "</TrackingNumber><Success>true</Success></TrackingNumbers>");
            }
            if (!store.statuses.containsKey(Long.parseLong(orderId))) {
                return answer("<Error>OrderID " + orderId + " does not exist</Error>");
            }
            String gateway = text(row, "Gateway");
            if (gateway != null && gateway.length() > 15) {
                return answer("<Error>Gateway is longer than 15 characters</Error>");
            }
            store.trackingNumbers.put(number, new String[] {orderId, gateway});
            if ("true".equalsIgnoreCase(text(row, "MarkOrderShipped"))) {
                store.statuses.put(Long.parseLong(orderId), "Shipped");
            }
            return answer("<TrackingNumbers><OrderID>" + orderId + "</OrderID><TrackingNumber>" + number
                    + "</TrackingNumber><Success>true</Success></TrackingNumbers>");
        }
    }

    /** Products rows: each ProductCode must exist; StockStatus is its stock. All rows or none. */
    private static ResponseEntity<String> importStock(Store store, Document document) {
        var rows = document.getElementsByTagName("Products");
        Map<String, Integer> stock = new LinkedHashMap<>();
        for (int i = 0; i < rows.getLength(); i++) {
            Element row = (Element) rows.item(i);
            String code = text(row, "ProductCode");
            String quantity = text(row, "StockStatus");
            if (code == null || !store.stock.containsKey(code)) {
                return answer("<Error>ProductCode " + code + " does not exist</Error>");
            }
            if (quantity == null || !quantity.matches("-?[0-9]{1,10}")) {
                return answer("<Error>StockStatus of " + code + " is not a number</Error>");
            }
            stock.put(code, Integer.parseInt(quantity));
        }
        store.stock.putAll(stock);
        return answer("<Products><Count>" + stock.size() + "</Count><Success>true</Success></Products>");
    }

    private static String text(Element row, String name) {
        var nodes = row.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    private static ResponseEntity<String> answer(String content) {
        return ResponseEntity.ok("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<xmldata>" + content + "</xmldata>");
    }
}
