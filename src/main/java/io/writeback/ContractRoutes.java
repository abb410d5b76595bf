package io.writeback;

import io.writeback.channel.Channel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The app refuses to run without the contract's routes: they live in files outside the jar ({@code routes/}, relative
 * to the working directory), and a folder that is missing, empty or not read would otherwise leave an app that starts,
 * looks healthy and consumes nothing.
 */
@Component
class ContractRoutes implements ApplicationRunner {

    private final CamelContext camel;
    private final String includePattern;

    ContractRoutes(CamelContext camel, @Value("${camel.main.routes-include-pattern}") String includePattern) {
        this.camel = camel;
        this.includePattern = includePattern;
    }

    /** Every route the contract (design.md, README "Inventory writeback") names, and the cart calls' routes. */
    static List<String> ids() {
        List<String> ids = new ArrayList<>(List.of("shipments-intake", "writeback-deferral", "writeback-failures",
                "writeback-retry-scheduler", "writeback-pending-sweeper", "inventory-intake", "inventory-deferral",
                "inventory-failures", "inventory-retry-scheduler"));
        for (Channel channel : Channel.values()) {
            ids.add("writeback-" + channel.code());
            ids.add("inventory-" + channel.code());
            ids.add("cart-http-" + channel.code());
        }
        return ids;
    }

    /** Runs once the context and Camel have started: a failure here stops the app. */
    @Override
    public void run(ApplicationArguments arguments) {
        if (!camel.isStarted()) {
            return; // started later by whoever holds the context (camel-test starts it after the test's setup)
        }
        List<String> missing = ids().stream().filter(id -> camel.getRoute(id) == null).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The routes did not all load from " + folder() + " ("
                    + includePattern + "): missing " + missing + ". Start the app from the repository root, or"
                    + " point camel.main.routes-include-pattern at the folder that holds the route files");
        }
    }

    /** The folder the pattern reads, as an absolute path. */
    private String folder() {
        String path = includePattern.startsWith("file:") ? includePattern.substring("file:".length())
                : includePattern;
        int glob = path.indexOf('*');
        String directory = glob < 0 ? path : path.substring(0, Math.max(0, path.lastIndexOf('/', glob)));
        return Path.of(directory.isEmpty() ? "." : directory).toAbsolutePath().normalize().toString();
    }
}
