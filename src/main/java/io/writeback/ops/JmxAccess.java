package io.writeback.ops;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;

/**
 * What a remote JMX user may do, checked on every call: both roles may read (attributes, names, MBean info,
 * notifications); the operator may in addition suspend and resume a Camel route and run the operations MBean's
 * operations. Nothing else: no attribute is written, no other operation runs (a heap dump, a diagnostic command, an
 * Artemis or Camel management operation), no MBean is created or removed.
 */
final class JmxAccess implements InvocationHandler {

    static final String MONITOR = "monitor";
    static final String OPERATOR = "operator";

    /** A user's role, carried in the connection's Subject. */
    record RolePrincipal(String name) implements Principal {
        @Override
        public String getName() {
            return name;
        }
    }

    private static final Set<String> READS = Set.of("getAttribute", "getAttributes", "getMBeanInfo", "queryNames",
            "queryMBeans", "isRegistered", "getMBeanCount", "getDefaultDomain", "getDomains", "isInstanceOf",
            "getObjectInstance", "addNotificationListener", "removeNotificationListener",
            // what the connector itself asks for to read a call's parameters
            "getClassLoaderRepository", "getClassLoaderFor", "getClassLoader");
    private static final Set<String> ROUTE_OPERATIONS = Set.of("suspend", "resume");

    private MBeanServer server;

    static MBeanServerForwarder forwarder() {
        return (MBeanServerForwarder) Proxy.newProxyInstance(MBeanServerForwarder.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, new JmxAccess());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("getMBeanServer")) {
            return server;
        }
        if (name.equals("setMBeanServer")) {
            server = (MBeanServer) args[0];
            return null;
        }
        if (!READS.contains(name) && !(name.equals("invoke") && operatorMayRun((ObjectName) args[0],
                (String) args[1]))) {
            throw new SecurityException("JMX: " + role() + " may not " + name
                    + (name.equals("invoke") ? " " + args[1] + " on " + args[0] : ""));
        }
        try {
            return method.invoke(server, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean operatorMayRun(ObjectName target, String operation) {
        if (!OPERATOR.equals(role())) {
            return false;
        }
        boolean camelRoute = "org.apache.camel".equals(target.getDomain())
                && "routes".equals(target.getKeyProperty("type"));
        boolean writebackOperations = WritebackOperations.DOMAIN.equals(target.getDomain())
                && "Operations".equals(target.getKeyProperty("type"));
        return writebackOperations || camelRoute && ROUTE_OPERATIONS.contains(operation);
    }

    /** The JMX connector runs each call as the authenticated client's Subject. */
    private static String role() {
        Subject subject = Subject.current();
        return subject == null ? "nobody" : subject.getPrincipals(RolePrincipal.class).stream()
                .map(RolePrincipal::getName).findFirst().orElse("nobody");
    }
}
