package io.writeback.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.writeback.WritebackApplication;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The real app in its own JVM (the test's classpath, started from the project folder so it finds routes/), on its
 * embedded broker and an H2 file database under one data folder that outlives the process: it can be killed and
 * started again on the same data.
 */
final class AppProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dataDir;
    private int brokerPort;
    private int httpPort;
    private int jmxPort;
    private final List<String> arguments;
    private Process process;
    private int starts;
    private Path workingDirectory = Path.of("").toAbsolutePath();

    /** {@code extraArguments}: more {@code --property=value} for this run (retry schedule, datasource, …). */
    AppProcess(Path dataDir, int cartPort, int stores, String... extraArguments) throws IOException {
        this.dataDir = dataDir;
        choosePorts();
        this.arguments = new ArrayList<>(List.of(extraArguments));
        for (int s = 0; s < stores; s++) {
            String store = "--writeback.stores.crash-" + s;
            arguments.addAll(List.of(store + ".channel=shopify",
                    store + ".base-url=http://127.0.0.1:" + cartPort + "/crash-" + s,
                    store + ".access-token=token-" + s,
                    store + ".location-mappings.wh-a=gid://shopify/Location/1"));
        }
        Files.createDirectories(dataDir);
    }

    /**
     * Ports free now: another process may still take one before the app binds it (the start then picks new ones).
     */
    private void choosePorts() throws IOException {
        brokerPort = freePort();
        httpPort = freePort();
        jmxPort = freePort();
    }

    int brokerPort() {
        return brokerPort;
    }

    /** Where the app is started (default: the project folder, whose routes/ it reads). */
    AppProcess in(Path directory) {
        this.workingDirectory = directory.toAbsolutePath();
        return this;
    }

    /** The log of the latest start. */
    String log() throws IOException {
        return Files.readString(dataDir.resolve("app-" + starts + ".log"));
    }

    /** Whether Camel has started the routes (the web server answers a little earlier). */
    private boolean camelStarted() throws IOException {
        try (JMXConnector connector = JMXConnectorFactory.connect(jmxUrl())) {
            return "Started".equals(connector.getMBeanServerConnection().getAttribute(
                    new ObjectName("org.apache.camel:context=writeback,type=context,name=\"writeback\""), "State"));
        } catch (javax.management.InstanceNotFoundException notYet) {
            return false;
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private JMXServiceURL jmxUrl() throws IOException {
        return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
    }

    /** The app's peak heap so far (the sum of its heap pools' peaks, read over JMX), in MiB. */
    long peakHeapMib() throws IOException {
        try (JMXConnector connector = JMXConnectorFactory.connect(jmxUrl())) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            long peak = 0;
            for (ObjectName pool : server.queryNames(new ObjectName("java.lang:type=MemoryPool,*"), null)) {
                var proxy = ManagementFactory.newPlatformMXBeanProxy(server, pool.toString(), MemoryPoolMXBean.class);
                if (proxy.getType() == MemoryType.HEAP) {
                    peak += proxy.getPeakUsage().getUsed();
                }
            }
            return peak / (1024 * 1024);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app's resident memory now, split into anonymous (heap, native) and file-backed (mapped jars, JDK). */
    String rssNow() throws IOException {
        Map<String, Long> kib = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("Rss")) {
                kib.put(line.substring(0, line.indexOf(':')), Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        return String.format("%d MiB anonymous + %d MiB file-backed", kib.getOrDefault("RssAnon", 0L) / 1024,
                kib.getOrDefault("RssFile", 0L) / 1024);
    }

    /** The app's threads now (platform threads: the virtual ones are not the kernel's). */
    int threadsNow() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToInt(line -> Integer.parseInt(line.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
    }

    /** The app's peak resident memory so far (VmHWM), in MiB. */
    long peakRssMib() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1);
    }

    /** Starts the app and waits until it is ready and its routes consume; returns how long that took. */
    Duration start() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce();
            } catch (PortTaken taken) {
                if (attempt == 3) {
                    throw taken;
                }
                choosePorts();
            }
        }
    }

    private Duration startOnce() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx" + System.getProperty("bench.heap", "192m"),
                "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1", "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-cp", System.getProperty("java.class.path"),
                WritebackApplication.class.getName(),
                "--writeback.data-dir=" + dataDir.resolve("data").toAbsolutePath(),
                "--writeback.broker.port=" + brokerPort,
                "--server.port=" + httpPort,
                "--writeback.redelivery.delay-pattern=1:100;2:200;3:300",
                "--logging.level.root=WARN"));
        String jfr = System.getProperty("bench.jfr");
        if (jfr != null) { // -Dbench.jfr=<file>: profile the app with Java Flight Recorder
            command.add(1, "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + Path.of(jfr).toAbsolutePath());
        }
        command.addAll(arguments);
        String extra = System.getProperty("bench.app-args"); // e.g. "--writeback.channel.max-concurrent-consumers=64"
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        Instant begin = Instant.now();
        process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("app-" + (++starts) + ".log").toFile()))
                .start();
        Instant deadline = begin.plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                String log = log();
                String exited = "The app exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("app-" + starts + ".log") + ". Its last lines:\n" + lastLines(log, 30);
                throw log.contains("already in use") ? new PortTaken(exited) : new IllegalStateException(exited);
            }
            try {
                // ready: after the start-up checks (every contract route there), with the routes started
                if (get("/actuator/health/readiness").statusCode() == 200 && camelStarted()) {
                    return Duration.between(begin, Instant.now());
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("The app did not answer within 90 s; its last lines:\n" + lastLines(log(), 30));
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** The app could not bind a port chosen for it: something else took it in between. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    /** kill -9: no shutdown hook, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful shutdown path; returns how long the app took to exit. */
    Duration terminate() throws InterruptedException {
        Instant begin = Instant.now();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("The app did not stop within 60 s of SIGTERM");
        }
        return Duration.between(begin, Instant.now());
    }

    /** Whatever happened, no app process outlives the test. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive() && System.getProperty("bench.jfr") != null) {
            terminate(); // the recording is written at a graceful exit
        }
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Shipments by writeback status, read through the API (all pages). */
    Map<String, Integer> orderStatuses() throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        int offset = 0;
        while (true) {
            JsonNode page = JSON.readTree(get("/api/orders?limit=500&offset=" + offset).body());
            for (JsonNode order : page.path("items")) {
                counts.merge(order.path("status").asText(), 1, Integer::sum);
            }
            offset += 500;
            if (offset >= page.path("total").asInt()) {
                return counts;
            }
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return api("GET", path, null);
    }

    /** Calls the app's REST API as the operator; {@code body} JSON, or null for none. */
    HttpResponse<String> api(String method, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:writeback".getBytes()))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The order as the API shows it (status, tags, shipments, timeline). */
    JsonNode order(String orderNumber) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/orders/" + orderNumber).body());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
