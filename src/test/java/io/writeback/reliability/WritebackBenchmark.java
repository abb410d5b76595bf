package io.writeback.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The benchmark: the real app (its own JVM, embedded broker and H2, default configuration) writing to external cart
 * stand-ins. Not part of the test suite (its name does not end in Test); docs/performance.md has the command and the
 * figures. Each scenario prints a Markdown table:
 * <ul>
 * <li>{@link #amazonStoresAtCartLatency}: Amazon stores behind carts answering in 300 ms, with their published
 *     limits: the share of the allowed rate the app reaches, its peak RSS and threads.
 * <li>{@link #appAgainstRawBaseline}: throughput and latency next to a raw baseline doing the same I/O by hand on a
 *     broker of its own and the same stub (8 transacted JMS consumers, the same two GraphQL calls, one JDBC insert, a
 *     commit); both warmed up first; stub latency 0 and 20 ms, 1 and 50 stores, rate budgets lifted.
 * <li>{@link #oneThrottledStoreNextTo49FreeOnes}: a steady load over 50 stores, one of them held by the cart to one
 *     write a second; the other stores' latency with and without that store throttled.
 * <li>{@link #drainAgainstShopifysLimit}: a burst to one store whose stub enforces Shopify's GraphQL cost limit:
 *     how close the drain comes to the limit, and how many calls were answered THROTTLED.
 * <li>{@link #backlogOf50000Events}: memory with a 50,000-event backlog, and start-up with it on the broker.
 * <li>{@link #instancesAtCartLatency}: one instance, then two, on one broker and one database, against carts at
 *     300 ms: how much faster two drain a burst, within the carts' limits.
 * </ul>
 */
class WritebackBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The hand-written baseline's consumer threads (docs/performance.md's figures used 8). */
    private static final int RAW_CONSUMERS = Integer.getInteger("bench.raw-consumers", 8);
    private static final int EVENTS = Integer.getInteger("bench.events", 600);
    /** Event numbers from here on are warm-up events, never measured. */
    private static final int WARM_UP = 5_000_000;
    private static final int WARM_UP_EVENTS = Integer.getInteger("bench.warm-up-events", 300);

    private record Result(double perSecond, double p50Millis, double p99Millis) {
    }

    @Test
    void appAgainstRawBaseline() throws Exception {
        List<String> table = new ArrayList<>();
        for (long latency : numbers("bench.latencies", "0,20")) {
            for (int stores : Arrays.stream(numbers("bench.store-counts", "1,50")).mapToInt(n -> (int) n)
                    .toArray()) {
                try (CountingCarts cart = new CountingCarts(latency);
                     AppProcess app = new AppProcess(runDir(), cart.port(), stores, noRateLimit(stores))) {
                    Duration startup = app.start();
                    warmUp("shipments.inbound", app.brokerPort(), CrashRecoveryTest.PRODUCER, cart, stores);
                    Result writeback = burst("shipments.inbound", app.brokerPort(), CrashRecoveryTest.PRODUCER, cart,
                            EVENTS, 100_000,
                            i -> i % stores);
                    long rss = app.peakRssMib();
                    long heap = app.peakHeapMib();
                    Result raw = measureRaw(cart, EVENTS, stores);
                    table.add(String.format("| %d ms | %d | %d | %.1f | %.1f | **%.2f** | %.0f / %.0f | %.0f / %.0f |"
                                    + " %d MiB | %d MiB | %.1f s |", latency, stores, EVENTS, writeback.perSecond(),
                            raw.perSecond(), writeback.perSecond() / raw.perSecond(), writeback.p50Millis(),
                            writeback.p99Millis(), raw.p50Millis(), raw.p99Millis(), rss, heap,
                            startup.toMillis() / 1000.0));
                }
            }
        }
        print("| stub latency | stores | events | writeback events/s | raw events/s | ratio |"
                + " writeback p50 / p99 ms | raw p50 / p99 ms | peak RSS | peak heap | start-up |", table);
    }

    /**
     * A steady {@code bench.rate} events/s (default 15) with a 20 ms stub for {@code bench.steady-events} (default
     * 1,200) events: every
     * fifth for store crash-0, the others spread over 49 stores. Run twice: crash-0 free, then crash-0 held by the
     * stub to Shopify's cost limit at 20 points/s (one write a second, its events arriving three times faster).
     */
    @Test
    void oneThrottledStoreNextTo49FreeOnes() throws Exception {
        double rate = Double.parseDouble(System.getProperty("bench.rate", "15"));
        int events = Integer.getInteger("bench.steady-events", 1200);
        IntUnaryOperator storeOf = i -> i % 5 == 0 ? 0 : 1 + (i / 5 * 4 + i % 5 - 1) % 49;
        List<String> table = new ArrayList<>();
        double freeP99 = 0;
        for (boolean throttled : new boolean[] {false, true}) {
            try (CountingCarts cart = new CountingCarts(20);
                 AppProcess app = new AppProcess(runDir(), cart.port(), 50)) {
                if (throttled) {
                    cart.limit("crash-0", 100, 20, 10);
                }
                app.start();
                long[] sentAt = sendSteadily(app.brokerPort(), events, rate, 100_000, storeOf);
                // the first 10 s warm the JVM up (JIT, pools) and are not counted
                int[] others = IntStream.range((int) (rate * 10), events)
                        .filter(i -> storeOf.applyAsInt(i) != 0).toArray();
                awaitFulfilled(cart, others, 100_000, Duration.ofMinutes(5));
                Result result = latencies(cart, sentAt, others, i -> Integer.toString(100_000 + i));
                int[] throttledStore = IntStream.range(0, events)
                        .filter(i -> storeOf.applyAsInt(i) == 0).toArray();
                long throttledStoreDone = Arrays.stream(throttledStore)
                        .filter(i -> cart.firstFulfilledNanos().containsKey(Integer.toString(100_000 + i))).count();
                if (!throttled) {
                    freeP99 = result.p99Millis();
                }
                table.add(String.format("| %s | %d | %.0f / %.0f | %s | %d of %d | %d of %d calls |",
                        throttled ? "held to 1 write/s" : "free", others.length, result.p50Millis(),
                        result.p99Millis(), throttled ? String.format("**%+.0f %%**",
                                (result.p99Millis() / freeP99 - 1) * 100) : "", throttledStoreDone,
                        throttledStore.length, cart.throttled(), cart.calls()));
            }
        }
        print(String.format("Steady %.0f events/s, 20 ms stub, %d events, 1 in 5 for store crash-0; latency of the other"
                        + " stores' events after the first 10 s.%n%n", rate, events)
                + "| store crash-0 | other stores' events | their p50 / p99 ms | p99 change | crash-0 written"
                + " while they ran | calls answered THROTTLED |", table);
    }

    /**
     * {@code bench.drain-events} (default 300) events at once to one store whose stub enforces Shopify's Standard
     * GraphQL limit: 1,000 points, restored at 100/s, 10 points per query. A write is two queries, so the limit
     * allows the first 50 writes at once and 5 a second after that.
     */
    @Test
    void drainAgainstShopifysLimit() throws Exception {
        int events = Integer.getInteger("bench.drain-events", 300);
        try (CountingCarts cart = new CountingCarts(0);
             AppProcess app = new AppProcess(runDir(), cart.port(), 1)) {
            cart.limit("crash-0", 1000, 100, 10);
            app.start();
            Result result = burst("shipments.inbound", app.brokerPort(), CrashRecoveryTest.PRODUCER, cart, events,
                    100_000, i -> 0);
            double seconds = events / result.perSecond();
            double allowedSeconds = (events * 2 * 10 - 1000) / 100.0;
            print("| events | drained in | the limit allows it in | share of the allowed rate |"
                    + " calls answered THROTTLED |", List.of(String.format("| %d | %.1f s | %.1f s | **%.1f %%** |"
                    + " %d of %d (**%.2f %%**) |", events, seconds, allowedSeconds, allowedSeconds / seconds * 100,
                    cart.throttled(), cart.calls(), cart.throttled() * 100.0 / cart.calls())));
        }
    }

    /**
     * {@code bench.backlog} (default 50,000) events enqueued as fast as the broker takes them while the app works on
     * them (50 stores, 0 ms stub), then {@code bench.backlog-seconds} (default 60) of work; then a restart with the
     * remaining backlog on the broker: its start-up time, and memory over another 30 s.
     */
    @Test
    void backlogOf50000Events() throws Exception {
        int events = Integer.getInteger("bench.backlog", 50_000);
        int seconds = Integer.getInteger("bench.backlog-seconds", 60);
        List<String> table = new ArrayList<>();
        try (CountingCarts cart = new CountingCarts(0);
             AppProcess app = new AppProcess(runDir(), cart.port(), 50)) {
            Duration startup = app.start();
            Instant begin = Instant.now();
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:"
                    + app.brokerPort()); Connection connection = factory.createConnection(CrashRecoveryTest.PRODUCER,
                    CrashRecoveryTest.PRODUCER)) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(session.createQueue("shipments.inbound"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                for (int i = 0; i < events; i++) {
                    producer.send(session.createTextMessage(CrashRecoveryTest.event(i, 50, 100_000)));
                    if (i % 500 == 499) {
                        session.commit();
                    }
                }
                session.commit();
            }
            double enqueueSeconds = Duration.between(begin, Instant.now()).toMillis() / 1000.0;
            TimeUnit.SECONDS.sleep(seconds);
            int written = cart.firstFulfilledNanos().size();
            System.out.println("Resident memory at the end of the first run: " + app.rssNow());
            table.add(String.format("| first run: enqueue, then %d s of work | %.1f s | %d MiB | %d MiB | %d |"
                            + " %.1f s |", seconds, enqueueSeconds, app.peakRssMib(), app.peakHeapMib(), written,
                    startup.toMillis() / 1000.0));
            app.terminate();
            Duration restart = app.start();
            TimeUnit.SECONDS.sleep(30);
            table.add(String.format("| restart with %d events waiting, then 30 s of work | | %d MiB | %d MiB | %d |"
                            + " **%.1f s** |", events - written, app.peakRssMib(), app.peakHeapMib(),
                    cart.firstFulfilledNanos().size() - written, restart.toMillis() / 1000.0));
        }
        print(String.format("%d events enqueued at once, 50 stores, 0 ms stub, -Xmx%s.%n%n", events,
                        System.getProperty("bench.heap", "192m"))
                + "| phase | enqueue took | peak RSS | peak heap | written in the phase | start-up |", table);
    }

    /**
     * Carts at real latency: every call answered in {@code bench.real-latency} ms (default 300), 40 and 200 Amazon
     * stores ({@code bench.real-store-counts}) with {@code bench.events-per-store} (default 30) events each, sent at
     * once. The app runs with its default configuration and Amazon's published confirmShipment budget (burst 10,
     * 2/s per store), which the stub enforces with 429s. The app is warmed up first (5 events per store, then a wait
     * until the stores' budgets are full again). Prints the share of the stores' allowed rate the app used, its peak
     * RSS and its peak thread count.
     */
    @Test
    void amazonStoresAtCartLatency() throws Exception {
        long latency = Long.getLong("bench.real-latency", 300);
        int perStore = Integer.getInteger("bench.events-per-store", 30);
        double burst = 10;
        double perSecond = 2;
        List<String> table = new ArrayList<>();
        for (long storeCount : numbers("bench.real-store-counts", "40,200")) {
            int stores = (int) storeCount;
            int events = stores * perStore;
            try (CountingCarts cart = new CountingCarts(latency);
                 AppProcess app = new AppProcess(runDir(), cart.port(), 0,
                         cart.amazonStores(stores).toArray(String[]::new))) {
                cart.limitAmazon(burst, perSecond);
                app.start();
                // warm-up, as a running service is: the same flow for 5 events per store (other orders), then
                // long enough for every store's budget to be full again
                int warmUp = stores * 5;
                burst(app.brokerPort(), cart, warmUp, i -> CrashRecoveryTest.amazonEvent(WARM_UP + i, i % stores),
                        i -> CrashRecoveryTest.amazonOrderId(WARM_UP + i), () -> { });
                TimeUnit.MILLISECONDS.sleep((long) (burst / perSecond * 1000) + 1000);
                int callsBefore = cart.calls();
                int throttledBefore = cart.throttled();
                int[] peakThreads = {app.threadsNow()};
                Result result = burst(app.brokerPort(), cart, events,
                        i -> CrashRecoveryTest.amazonEvent(i, i % stores), CrashRecoveryTest::amazonOrderId,
                        () -> peakThreads[0] = Math.max(peakThreads[0], threadsOf(app)));
                double seconds = events / result.perSecond();
                // every store's burst at once, the rest at its refill rate; the last answer one latency later
                double allowedSeconds = Math.max(0, perStore - burst) / perSecond + latency / 1000.0;
                table.add(String.format("| %d ms | %d | %d | %.1f s | %.1f s | **%.0f %%** | %.1f | %d of %d |"
                                + " %d MiB | %d |", latency, stores, events, seconds, allowedSeconds,
                        allowedSeconds / seconds * 100, result.perSecond(), cart.throttled() - throttledBefore,
                        cart.calls() - callsBefore,
                        app.peakRssMib(), peakThreads[0]));
            }
        }
        print("| cart latency | Amazon stores | events | drained in | the stores' limits allow it in |"
                + " share of the allowed rate | writes/s | calls answered 429 | peak RSS | peak threads |", table);
    }

    /**
     * Scale-out: 1, then 2 instances ({@code bench.instance-counts}) on the standalone Artemis and one PostgreSQL,
     * sharing the stores' budgets; 40 Amazon stores ({@code bench.scale-out-stores}) behind carts answering in
     * 300 ms with their published limits (burst 10, 2/s each, enforced with 429s). Each instance holds at most
     * {@code bench.consumers-per-instance} (8) writes in flight per channel, so that one instance is bound by its
     * writes in flight, below the carts' limits: how much faster two drain the same burst, and whether together they
     * keep to the limits.
     */
    @Test
    void instancesAtCartLatency() throws Exception {
        long latency = Long.getLong("bench.real-latency", 300);
        int stores = Integer.getInteger("bench.scale-out-stores", 40);
        int events = stores * Integer.getInteger("bench.events-per-store", 30);
        int consumers = Integer.getInteger("bench.consumers-per-instance", 8);
        List<String> table = new ArrayList<>();
        double oneInstance = 0;
        try (ScaleOutCluster cluster = new ScaleOutCluster(runDir())) {
            int port = cluster.broker().port();
            for (long count : numbers("bench.instance-counts", "1,2")) {
                try (CountingCarts cart = new CountingCarts(latency)) {
                    cart.limitAmazon(10, 2);
                    List<String> more = new ArrayList<>(cart.amazonStores(stores));
                    more.add("--writeback.channel.max-concurrent-consumers=" + consumers);
                    List<AppProcess> apps = cluster.instances((int) count, cluster.newDatabase(), cart, 0, more);
                    try {
                        ScaleOutCluster.startAll(apps);
                        // warm-up: the same flow for 5 events per store, then until every budget is full again
                        burst("shipments.inbound", port, ExternalBroker.PRODUCER_USER,
                                ExternalBroker.PRODUCER_PASSWORD, cart, stores * 5,
                                i -> CrashRecoveryTest.amazonEvent(WARM_UP + i, i % stores),
                                i -> CrashRecoveryTest.amazonOrderId(WARM_UP + i), () -> { }, 100);
                        TimeUnit.SECONDS.sleep(6);
                        int callsBefore = cart.calls();
                        int throttledBefore = cart.throttled();
                        Result result = burst("shipments.inbound", port, ExternalBroker.PRODUCER_USER,
                                ExternalBroker.PRODUCER_PASSWORD, cart, events,
                                i -> CrashRecoveryTest.amazonEvent(i, i % stores), CrashRecoveryTest::amazonOrderId,
                                () -> { }, 100);
                        oneInstance = count == 1 ? result.perSecond() : oneInstance;
                        double allowed = stores * 2.0;
                        table.add(String.format("| %d | %d | %d | %.1f s | %.1f | **%s** | %.0f | %d of %d |",
                                count, stores, events, events / result.perSecond(), result.perSecond(),
                                oneInstance > 0 ? String.format("%.2f×", result.perSecond() / oneInstance) : "–",
                                allowed, cart.throttled() - throttledBefore, cart.calls() - callsBefore));
                    } finally {
                        ScaleOutCluster.closeAll(apps);
                    }
                }
            }
        }
        print("| instances | Amazon stores | events | drained in | writes/s | against one instance |"
                + " writes/s the stores' limits allow (after their bursts) | calls answered 429 |", table);
    }

    private static int threadsOf(AppProcess app) {
        try {
            return app.threadsNow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] numbers(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).mapToLong(Long::parseLong).toArray();
    }

    /**
     * The stub enforces no limit and the baseline respects none: lift the stores' rate budgets (by default Shopify's
     * published 5 writes/s per store) so that the ratio measures the app's own cost.
     */
    private static String[] noRateLimit(int stores) {
        return IntStream.range(0, stores).boxed().flatMap(s -> Stream.of(
                "--writeback.stores.crash-" + s + ".rate-limit.capacity=1000000",
                "--writeback.stores.crash-" + s + ".rate-limit.per-second=1000000")).toArray(String[]::new);
    }

    /**
     * The baseline on its own Artemis, configured like the app's embedded one (persistent NIO journal, in this JVM
     * instead of the app's) but without the login the app's broker requires of every client but the app.
     */
    private static Result measureRaw(CountingCarts cart, int events, int stores) throws Exception {
        int brokerPort = AppProcess.freePort();
        Path journal = runDir().resolve("raw-artemis");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl().setName("raw")
                .setPersistenceEnabled(true).setJournalType(JournalType.NIO).setSecurityEnabled(false)
                .setJournalDirectory(journal.resolve("journal").toString())
                .setBindingsDirectory(journal.resolve("bindings").toString())
                .setPagingDirectory(journal.resolve("paging").toString())
                .setLargeMessagesDirectory(journal.resolve("large-messages").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        broker.start();
        try {
            return measureRaw(brokerPort, cart, events, stores);
        } finally {
            broker.stop();
        }
    }

    private static Result measureRaw(int brokerPort, CountingCarts cart, int events, int stores) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService consumers = Executors.newFixedThreadPool(RAW_CONSUMERS);
        String jdbcUrl = "jdbc:h2:file:" + runDir().resolve("raw-h2/raw") + ";WRITE_DELAY=0";
        try (var db = DriverManager.getConnection(jdbcUrl, "sa", "")) {
            db.createStatement().execute("CREATE TABLE IF NOT EXISTS shipment_status (shipment_id VARCHAR(64)"
                    + " PRIMARY KEY, status VARCHAR(16), updated_at TIMESTAMP WITH TIME ZONE)");
        }
        for (int c = 0; c < RAW_CONSUMERS; c++) {
            consumers.submit(() -> rawConsumer(brokerPort, cart.port(), jdbcUrl, running));
        }
        try {
            warmUp("bench.raw", brokerPort, null, cart, stores);
            return burst("bench.raw", brokerPort, null, cart, events, 500_000, i -> i % stores);
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

    /**
     * Sends all events at once (as {@code user}, whose password is the same, or anonymously when null) and times each
     * from its send to the cart's answer to its fulfillment.
     */
    /**
     * {@link #WARM_UP_EVENTS} events (orders of their own) through the same path before the measured burst, as a
     * service that has been running is: the JIT has compiled the path and the pools are filled.
     */
    private static void warmUp(String queue, int brokerPort, String user, CountingCarts cart, int stores)
            throws Exception {
        burst(queue, brokerPort, user, cart, WARM_UP_EVENTS,
                i -> CrashRecoveryTest.eventForStore(WARM_UP + i, i % stores, 0),
                i -> Integer.toString(WARM_UP + i), () -> { }, 100);
    }

    /**
     * Sends all events at once as the producer, committed 100 at a time so that sending does not pace the run, and
     * times each from its send to the cart's answer to its write ({@code cartOrderId} of each event); samples the
     * app while it waits.
     */
    private static Result burst(int brokerPort, CountingCarts cart, int events, IntFunction<String> event,
                                IntFunction<String> cartOrderId, Runnable sample) throws Exception {
        return burst("shipments.inbound", brokerPort, CrashRecoveryTest.PRODUCER, cart, events, event, cartOrderId,
                sample, 100);
    }

    /**
     * Sends events {@code 0..events-1} for the stores {@code storeOf} picks one message at a time (as the raw
     * comparison always has), as {@code user}, whose password is the same, or anonymously when null.
     */
    private static Result burst(String queue, int brokerPort, String user, CountingCarts cart, int events,
                                int orderBase, IntUnaryOperator storeOf) throws Exception {
        return burst(queue, brokerPort, user, cart, events,
                i -> CrashRecoveryTest.eventForStore(i, storeOf.applyAsInt(i), orderBase),
                i -> Integer.toString(orderBase + i), () -> { }, 1);
    }

    /** Sends in transactions of {@code perCommit} messages (1: each on its own, without a transaction). */
    private static Result burst(String queue, int brokerPort, String user, CountingCarts cart, int events,
                                IntFunction<String> event, IntFunction<String> cartOrderId, Runnable sample,
                                int perCommit) throws Exception {
        return burst(queue, brokerPort, user, user, cart, events, event, cartOrderId, sample, perCommit);
    }

    private static Result burst(String queue, int brokerPort, String user, String password, CountingCarts cart,
                                int events, IntFunction<String> event, IntFunction<String> cartOrderId,
                                Runnable sample, int perCommit) throws Exception {
        long[] sentAt = new long[events];
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection(user, password)) {
            boolean transacted = perCommit > 1;
            Session session = connection.createSession(transacted,
                    transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < events; i++) {
                sentAt[i] = System.nanoTime();
                producer.send(session.createTextMessage(event.apply(i)));
                if (transacted && (i % perCommit == perCommit - 1 || i == events - 1)) {
                    session.commit();
                    long now = System.nanoTime();
                    for (int k = i - i % perCommit; k <= i; k++) {
                        sentAt[k] = now; // sent when committed
                    }
                }
            }
        }
        int[] all = IntStream.range(0, events).toArray();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Arrays.stream(all).anyMatch(i -> !cart.firstFulfilledNanos().containsKey(cartOrderId.apply(i)))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Not all events were written within 10 minutes");
            }
            sample.run();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return latencies(cart, sentAt, all, cartOrderId);
    }

    /** Sends at a steady rate; returns when each event was sent (System.nanoTime). */
    private static long[] sendSteadily(int brokerPort, int events, double perSecond, int orderBase,
                                       IntUnaryOperator storeOf) throws Exception {
        long[] sentAt = new long[events];
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection(CrashRecoveryTest.PRODUCER, CrashRecoveryTest.PRODUCER)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("shipments.inbound"));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + (long) (i / perSecond * 1e9);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                sentAt[i] = System.nanoTime();
                producer.send(session.createTextMessage(CrashRecoveryTest.eventForStore(i, storeOf.applyAsInt(i),
                        orderBase)));
            }
        }
        return sentAt;
    }

    private static void awaitFulfilled(CountingCarts cart, int[] events, int orderBase, Duration atMost)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (Arrays.stream(events).anyMatch(i -> !cart.firstFulfilledNanos().containsKey(Integer.toString(
                orderBase + i)))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Not all events were written within " + atMost);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** Latency of each event from its send to its fulfillment; throughput from the first send to the last answer. */
    private static Result latencies(CountingCarts cart, long[] sentAt, int[] events, IntFunction<String> cartOrderId) {
        double[] latencies = new double[events.length];
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int k = 0; k < events.length; k++) {
            int i = events[k];
            long fulfilled = cart.firstFulfilledNanos().get(cartOrderId.apply(i));
            latencies[k] = (fulfilled - sentAt[i]) / 1e6;
            first = Math.min(first, sentAt[i]);
            last = Math.max(last, fulfilled);
        }
        Arrays.sort(latencies);
        int n = latencies.length;
        return new Result(n / ((last - first) / 1e9), latencies[n / 2],
                latencies[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)]);
    }

    private static Path runDir() {
        return Path.of("target", "bench", "run-" + System.nanoTime()).toAbsolutePath();
    }

    private static void print(String header, List<String> rows) {
        StringBuilder out = new StringBuilder(header).append('\n');
        out.append("|---".repeat((int) header.chars().filter(c -> c == '|').count() - 1)).append("|\n");
        rows.forEach(row -> out.append(row).append('\n'));
        System.out.println(out);
    }
}
