package io.writeback.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.throttling.ThrottlingExceptionRoutePolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * While the database is down, the routes that consume (from the broker, from the scheduler) stop consuming instead
 * of burning through the broker's delivery attempts: Camel's circuit breaker route policy opens on the route's first
 * few failures to reach the database, and every few seconds checks the database itself; when it answers, the
 * route consumes again. Messages wait in the broker meanwhile, undelivered, their attempts intact.
 */
@Component
public class DatabaseOutageBreaker implements RoutePolicyFactory {

    private static final List<Class<?>> DATABASE_UNREACHABLE = List.of(DataAccessResourceFailureException.class,
            TransientDataAccessResourceException.class, RecoverableDataAccessException.class,
            CannotCreateTransactionException.class, TransactionSystemException.class);

    private final DataSource dataSource;
    private final int failureThreshold;
    private final long checkEveryMillis;

    public DatabaseOutageBreaker(DataSource dataSource,
                                 @Value("${writeback.database-outage.failures-to-pause:3}") int failureThreshold,
                                 @Value("${writeback.database-outage.check-every:5s}") java.time.Duration checkEvery) {
        this.dataSource = dataSource;
        this.failureThreshold = failureThreshold;
        this.checkEveryMillis = checkEvery.toMillis();
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        String from = route instanceof RouteDefinition definition && definition.getInput() != null
                ? definition.getInput().getEndpointUri() : "";
        if (!from.startsWith("activemq:") && !from.startsWith("quartz:")) {
            return null;
        }
        ThrottlingExceptionRoutePolicy breaker = new ThrottlingExceptionRoutePolicy(failureThreshold,
                10 * checkEveryMillis, checkEveryMillis, DATABASE_UNREACHABLE);
        breaker.setHalfOpenHandler(this::databaseAnswers);
        return breaker;
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException down) {
            return false;
        }
    }
}
