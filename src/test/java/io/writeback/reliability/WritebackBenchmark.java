package io.writeback.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of the real app (its own JVM, embedded broker and H2, writing to an external Shopify stub)
 * next to a raw baseline doing the same I/O by hand on the same broker and stub: a JMS consumer, the same two
 * GraphQL calls, one JDBC insert, a commit, with as many threads as the app has channel consumers.
 * Not part of the test suite (its name does not end in Test); run it with
 * {@code mvn -B test -Dtest=WritebackBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WritebackBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHANNEL_CONSUMERS = 4;

    private record Result(String who, int events, double perSecond, double p50Millis, double p99Millis) {
    }

    @Test
    void appAgainstRawBaseline() throws Exception {
        int events = Integer.getInteger("bench.events", 1000);
        List<String> table = new ArrayList<>();
        for (long latency : new long[] {0, 20}) {
            for (int stores : new int[] {1, 50}) {
                Path dir = Path.of("target", "bench", "run-" + System.currentTimeMillis()).toAbsolutePath();
                try (CountingShopify cart = new CountingShopify(latency);
                     AppProcess app = new AppProcess(dir, cart.port(), stores)) {
                    Duration startup = app.start();
                    Result writeback = measure("writeback", app.brokerPort(), cart, events, stores, 100_000);
                    long rss = app.peakRssMib();
                    Result raw = measureRaw(app.brokerPort(), cart, events, stores, dir);
                    table.add(String.format("| %d ms | %d | %d | %.1f | %.1f | **%.2f** | %.0f / %.0f | %.0f / %.0f |"
                                    + " %d MiB | %.1f s |", latency, stores, events, writeback.perSecond(),
                            raw.perSecond(), writeback.perSecond() / raw.perSecond(), writeback.p50Millis(),
                            writeback.p99Millis(), raw.p50Millis(), raw.p99Millis(), rss,
                            startup.toMillis() / 1000.0));
                }
            }
        }
        System.out.println("| stub latency | stores | events | writeback events/s | raw events/s | ratio |"
                + " writeback p50 / p99 ms | raw p50 / p99 ms | writeback peak RSS | writeback start-up |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        table.forEach(System.out::println);
    }

    /** Sends to shipments.inbound and times each event from its send to the cart's answer to its fulfillment. */
    private static Result measure(String who, int brokerPort, CountingShopify cart, int events, int stores,
                                  int orderBase) throws Exception {
        return send("shipments.inbound", who, brokerPort, cart, events, stores, orderBase);
    }

    private static Result measureRaw(int brokerPort, CountingShopify cart, int events, int stores, Path dir)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService consumers = Executors.newFixedThreadPool(CHANNEL_CONSUMERS);
        String jdbcUrl = "jdbc:h2:file:" + dir.resolve("raw-h2/raw") + ";WRITE_DELAY=0";
        try (var db = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            db.createStatement().execute("CREATE TABLE IF NOT EXISTS shipment_status (shipment_id VARCHAR(64)"
                    + " PRIMARY KEY, status VARCHAR(16), updated_at TIMESTAMP WITH TIME ZONE)");
        }
        for (int c = 0; c < CHANNEL_CONSUMERS; c++) {
            consumers.submit(() -> rawConsumer(brokerPort, cart.port(), jdbcUrl, running));
        }
        try {
            return send("bench.raw", "raw", brokerPort, cart, events, stores, 500_000);
        } finally {
            running.set(false);
            consumers.shutdown();
            consumers.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** The hand-written baseline: receive, read the order, create the fulfillment, record the status, commit. */
    private static Void rawConsumer(int brokerPort, int cartPort, String jdbcUrl, AtomicBoolean running)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection();
             var db = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue("bench.raw"));
            PreparedStatement insert = db.prepareStatement("MERGE INTO shipment_status KEY (shipment_id)"
                    + " VALUES (?, 'SYNCED', CURRENT_TIMESTAMP)");
            while (running.get()) {
                TextMessage message = (TextMessage) consumer.receive(200);
                if (message == null) {
                    continue;
                }
                JsonNode event = JSON.readTree(message.getText());
                String order = "gid://shopify/Order/" + event.path("channelOrderId").asText();
                post(http, cartPort, Map.of("operationName", "OrderFulfillments", "variables", Map.of("id", order)));
                post(http, cartPort, Map.of("operationName", "FulfillmentCreate", "variables", Map.of("fulfillment",
                        Map.of("trackingInfo", Map.of("number", event.path("trackingNumber").asText()),
                                "lineItemsByFulfillmentOrder", List.of(Map.of("fulfillmentOrderId",
                                        "gid://shopify/FulfillmentOrder/" + event.path("channelOrderId").asText()))))));
                insert.setString(1, event.path("shipmentId").asText());
                insert.executeUpdate();
                session.commit();
            }
        }
        return null;
    }

    private static void post(HttpClient http, int cartPort, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cartPort
                        + "/raw/admin/api/2025-01/graphql.json")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stub answered " + response.statusCode());
        }
    }

    private static Result send(String queue, String who, int brokerPort, CountingShopify cart, int events,
                               int stores, int orderBase) throws Exception {
        long[] sentAt = new long[events];
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < events; i++) {
                sentAt[i] = System.nanoTime();
                producer.send(session.createTextMessage(CrashRecoveryTest.event(i, stores, orderBase)));
            }
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (done(cart, events, orderBase) < events && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        double[] latencies = new double[events];
        long last = 0;
        for (int i = 0; i < events; i++) {
            long fulfilled = cart.firstFulfilledNanos().get(Integer.toString(orderBase + i));
            latencies[i] = (fulfilled - sentAt[i]) / 1e6;
            last = Math.max(last, fulfilled);
        }
        Arrays.sort(latencies);
        double seconds = (last - sentAt[0]) / 1e9;
        return new Result(who, events, events / seconds, latencies[events / 2],
                latencies[Math.min(events - 1, (int) Math.ceil(events * 0.99) - 1)]);
    }

    private static long done(CountingShopify cart, int events, int orderBase) {
        long count = 0;
        for (int i = 0; i < events; i++) {
            if (cart.firstFulfilledNanos().containsKey(Integer.toString(orderBase + i))) {
                count++;
            }
        }
        return count;
    }
}
