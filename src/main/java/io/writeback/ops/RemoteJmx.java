package io.writeback.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXPrincipal;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import javax.rmi.ssl.SslRMIServerSocketFactory;
import javax.security.auth.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Remote JMX for operators, served by the app itself instead of the JVM's agent, so that what each user may do is the
 * app's decision ({@link JmxAccess}): {@code monitor} reads, {@code operator} also suspends and resumes channels and
 * runs retries, nothing else. On when {@code writeback.jmx.remote.port} is set: the RMI registry there, the connector
 * on {@code rmi-port}. Passwords come from properties (environment variables in production), the connector's TLS key
 * from a Spring SSL bundle ({@code writeback.jmx.remote.ssl-bundle}), never from the command line. Without a bundle the
 * connector listens on the loopback interface only.
 */
@Component
@ConditionalOnProperty(name = "writeback.jmx.remote.port")
class RemoteJmx implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RemoteJmx.class);

    private final int registryPort;
    private final int connectorPort;
    private final String host;
    private final Map<String, String> passwords = new HashMap<>();
    private final SslRMIServerSocketFactory tls;
    private Registry registry;
    private JMXConnectorServer connector;

    RemoteJmx(@Value("${writeback.jmx.remote.port}") int registryPort,
              @Value("${writeback.jmx.remote.rmi-port}") int connectorPort,
              @Value("${writeback.jmx.remote.host:127.0.0.1}") String host,
              @Value("${writeback.jmx.remote.monitor-password:}") String monitorPassword,
              @Value("${writeback.jmx.remote.operator-password:}") String operatorPassword,
              @Value("${writeback.jmx.remote.ssl-bundle:}") String sslBundle,
              SslBundles bundles) throws IOException {
        this.registryPort = registryPort;
        this.connectorPort = connectorPort;
        this.host = host;
        putIfSet(JmxAccess.MONITOR, monitorPassword);
        putIfSet(JmxAccess.OPERATOR, operatorPassword);
        if (passwords.isEmpty()) {
            throw new IllegalStateException("writeback.jmx.remote.port is set but no user can log in: set"
                    + " writeback.jmx.remote.operator-password and/or monitor-password");
        }
        if (sslBundle.isBlank()) {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalStateException("Remote JMX on " + host + " needs TLS: set"
                        + " writeback.jmx.remote.ssl-bundle to a spring.ssl.bundle with the connector's key");
            }
            tls = null;
        } else {
            tls = new SslRMIServerSocketFactory(bundles.getBundle(sslBundle).createSslContext(), null, null, false);
        }
    }

    private void putIfSet(String user, String password) {
        if (password != null && !password.isBlank()) {
            passwords.put(user, password);
        }
    }

    @Override
    public void start() {
        try {
            System.setProperty("java.rmi.server.hostname", host);
            // without TLS, both sockets listen on the loopback interface only; with it, the registry (which only
            // hands out the connector's stub) and the TLS connector listen on every interface
            InetAddress address = InetAddress.getByName(host);
            RMIServerSocketFactory local = port -> new ServerSocket(port, 0, address);
            registry = LocateRegistry.createRegistry(registryPort, null, tls == null ? local : null);
            Map<String, Object> environment = new HashMap<>();
            environment.put(JMXConnectorServer.AUTHENTICATOR, (JMXAuthenticator) this::authenticate);
            if (tls != null) {
                environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, tls);
                environment.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE,
                        new SslRMIClientSocketFactory());
            } else {
                environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, local);
            }
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://" + host + ":" + connectorPort
                    + "/jndi/rmi://" + host + ":" + registryPort + "/jmxrmi");
            connector = JMXConnectorServerFactory.newJMXConnectorServer(url, environment,
                    ManagementFactory.getPlatformMBeanServer());
            connector.setMBeanServerForwarder(JmxAccess.forwarder());
            connector.start();
            log.info("Remote JMX at {} ({}), users: {}", url, tls == null ? "loopback, no TLS" : "TLS",
                    passwords.keySet());
        } catch (IOException e) {
            throw new IllegalStateException("Remote JMX could not start on ports " + registryPort + " and "
                    + connectorPort, e);
        }
    }

    private Subject authenticate(Object credentials) {
        if (credentials instanceof String[] userAndPassword && userAndPassword.length == 2
                && userAndPassword[0] != null && userAndPassword[1] != null) {
            String expected = passwords.get(userAndPassword[0]);
            if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    userAndPassword[1].getBytes(StandardCharsets.UTF_8))) {
                return new Subject(true, Set.of(new JMXPrincipal(userAndPassword[0]),
                        new JmxAccess.RolePrincipal(userAndPassword[0])), Set.of(), Set.of());
            }
        }
        throw new SecurityException("Invalid JMX credentials");
    }

    @Override
    public void stop() {
        try {
            if (connector != null) {
                connector.stop();
            }
            if (registry != null) {
                UnicastRemoteObject.unexportObject(registry, true);
            }
        } catch (IOException e) {
            log.warn("Remote JMX did not stop cleanly: {}", e.getMessage());
        } finally {
            connector = null;
            registry = null;
        }
    }

    @Override
    public boolean isRunning() {
        return connector != null && connector.isActive();
    }
}
