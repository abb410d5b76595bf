package io.writeback.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * The embedded broker's users and their roles. Which role may do what on which address is the broker's security
 * settings ({@link MessagingConfiguration}); a user is let in only with its password, and acts only through a role
 * it has.
 */
final class EmbeddedBrokerUsers implements ActiveMQSecurityManager {

    /** The app itself: everything, on every address. */
    static final String APP = "app";
    /** Upstream systems: send to shipments.inbound, nothing else. */
    static final String PRODUCER = "producer";
    /** Operators' tools: read shipments.failed and send to shipments.inbound. */
    static final String OPS = "ops";

    record User(String password, String role) {
    }

    private final Map<String, User> users;

    EmbeddedBrokerUsers(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    @Override
    public boolean validateUser(String user, String password) {
        User known = user == null ? null : users.get(user);
        return known != null && password != null && MessageDigest.isEqual(
                known.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return validateUser(user, password) && roles.stream()
                .anyMatch(role -> role.getName().equals(users.get(user).role()) && checkType.hasRole(role));
    }

    /** Every right on an address: the app's. */
    static Role everything(String name) {
        return role(name, true, true, true, true);
    }

    /** Sending to an address, nothing else. */
    static Role sending(String name) {
        return role(name, true, false, false, false);
    }

    /** Reading an address (consuming and browsing), nothing else. */
    static Role reading(String name) {
        return role(name, false, true, true, false);
    }

    private static Role role(String name, boolean send, boolean consume, boolean browse, boolean administer) {
        Role role = new Role();
        role.setName(name);
        role.setSend(send);
        role.setConsume(consume);
        role.setBrowse(browse);
        role.setCreateAddress(administer);
        role.setDeleteAddress(administer);
        role.setCreateDurableQueue(administer);
        role.setDeleteDurableQueue(administer);
        role.setCreateNonDurableQueue(administer);
        role.setDeleteNonDurableQueue(administer);
        role.setManage(administer);
        return role;
    }
}
