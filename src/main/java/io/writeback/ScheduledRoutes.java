package io.writeback;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the routes the clustered Quartz job store fires, each in a database transaction, once Camel has started
 * (whoever starts it: the app, or camel-test after a test's setup). Starting such a route stores its job and trigger;
 * Quartz serialises that across instances by locking a row of {@code qrtz_locks} in the caller's transaction, and
 * without one the lock ends with its statement: two instances starting together both stored the same job, and one
 * failed to start on the duplicate key. In a transaction the second waits, then finds the job there.
 */
@Component
class ScheduledRoutes implements CamelContextConfiguration {

    private static final List<String> IDS = List.of("writeback-retry-scheduler", "writeback-pending-sweeper");

    private final TransactionTemplate transaction;

    ScheduledRoutes(PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        try {
            camel.addStartupListener(startInTransactions());
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the start of the scheduled routes", e);
        }
    }

    private ExtendedStartupListener startInTransactions() {
        return new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the routes start once everything else has
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                for (String id : IDS) {
                    transaction.executeWithoutResult(status -> start(context, id));
                }
            }
        };
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
    }

    private static void start(CamelContext camel, String routeId) {
        try {
            camel.getRouteController().startRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException("Route " + routeId + " did not start", e);
        }
    }
}
