package io.writeback.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The production shape of the broker: the standalone Artemis distribution (from Maven Central, unpacked by the build),
 * created as an operator would, requiring a login, with least-privilege users: {@code app} for the service and
 * {@code producer}, which may only send to shipments.inbound and inventory.inbound. Started and stopped as its own
 * process.
 */
final class ExternalBroker implements AutoCloseable {

    static final String APP_USER = "app";
    static final String APP_PASSWORD = "app-pass";
    static final String PRODUCER_USER = "producer";
    static final String PRODUCER_PASSWORD = "producer-pass";

    private final Path instance;
    private final int port;
    private Process process;

    private ExternalBroker(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    /** Creates a broker instance under {@code dir}; skips the test where the build did not unpack the distribution. */
    static ExternalBroker create(Path dir) throws Exception {
        return create(dir, AppProcess.freePort());
    }

    /**
     * Creates a broker instance under {@code dir} listening on {@code port}, with more of {@code artemis create}'s
     * options (a high-availability pair's, say).
     */
    static ExternalBroker create(Path dir, int port, String... options) throws Exception {
        Path artemisHome = Path.of(System.getProperty("artemis.home", "target/artemis-dist/apache-artemis-2.44.0"));
        Assumptions.assumeTrue(Files.isExecutable(artemisHome.resolve("bin/artemis")),
                "SKIPPED: no Artemis distribution at " + artemisHome + " (mvn process-test-resources unpacks it)");
        Path instance = dir.resolve("instance");
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(artemisHome.resolve("bin/artemis").toString(), "create",
                instance.toString(), "--user", APP_USER, "--password", APP_PASSWORD, "--role", "app",
                "--require-login", "--no-web", "--default-port", Integer.toString(port), "--silent", "--no-autotune",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-hornetq-acceptor", "--no-stomp-acceptor",
                "--queues", "shipments.inbound,shipments.failed,writeback.shopify,writeback.amazon,"
                        + "writeback.bigcommerce,writeback.magento,writeback.woocommerce,writeback.volusion,"
                        + "inventory.inbound,inventory.failed,inventory.shopify,inventory.amazon,"
                        + "inventory.bigcommerce,inventory.magento,inventory.woocommerce,inventory.volusion"));
        command.addAll(List.of(options));
        Process create = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("create.log").toFile()).start();
        assertThat(create.waitFor(120, TimeUnit.SECONDS) && create.exitValue() == 0).as("artemis create").isTrue();
        Path etc = instance.resolve("etc");
        Files.writeString(etc.resolve("artemis-users.properties"), "\n" + PRODUCER_USER + " = " + PRODUCER_PASSWORD
                + "\n", StandardOpenOption.APPEND);
        Files.writeString(etc.resolve("artemis-roles.properties"), "\nproducer = " + PRODUCER_USER + "\n",
                StandardOpenOption.APPEND);
        // producers may send to the two inbound queues and nothing else; the app keeps full rights ("#" below)
        String inbound = """
                <security-setting match="%s">
                            <permission type="send" roles="app,producer"/>
                            <permission type="consume" roles="app"/>
                            <permission type="browse" roles="app"/>
                            <permission type="createAddress" roles="app"/>
                            <permission type="createDurableQueue" roles="app"/>
                            <permission type="manage" roles="app"/>
                         </security-setting>
                         """;
        String brokerXml = Files.readString(etc.resolve("broker.xml")).replace(
                "<security-setting match=\"#\">", inbound.formatted("shipments.inbound")
                        + inbound.formatted("inventory.inbound") + "<security-setting match=\"#\">");
        Files.writeString(etc.resolve("broker.xml"), brokerXml);
        return new ExternalBroker(instance, port);
    }

    int port() {
        return port;
    }

    /** The app's arguments to use this broker instead of its embedded one. */
    List<String> appArguments() {
        return List.of("--writeback.broker.embedded=false", "--writeback.broker.url=tcp://127.0.0.1:" + port,
                "--writeback.broker.username=" + APP_USER, "--writeback.broker.password=" + APP_PASSWORD);
    }

    /** Starts the broker and waits until it listens; its output goes to {@code log}. */
    ExternalBroker start(Path log) throws Exception {
        launch(log);
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The broker exited; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("The broker did not listen on " + port + " within 60 s; see " + log);
    }

    /**
     * Starts the backup of a high-availability pair and waits until it has announced itself to its primary (it
     * listens only once it takes over).
     */
    ExternalBroker startBackup(Path log) throws Exception {
        launch(log);
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (Files.readString(log).contains("AMQ221031")) { // backup announced
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The backup broker exited; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("The backup did not announce itself within 90 s; see " + log);
    }

    private void launch(Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        process = builder.start();
    }

    /** SIGKILL: the broker's machine gone, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the broker gracefully (SIGTERM). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
