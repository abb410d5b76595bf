package io.writeback;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Instances starting together start their routes one after the other. A route fired by the clustered Quartz job
 * store stores its job as it starts, and Quartz's cluster lock does not cover that (it is taken in the caller's
 * database transaction, and camel-quartz starts its routes outside any): two instances starting at once both
 * inserted the retry scheduler's job, and one failed to start on the duplicate key. From before Camel starts until
 * it has, an instance holds the lock row {@code WRITEBACK_START} of {@code qrtz_locks}; the next one waits for it,
 * then finds the jobs stored.
 */
@Component
@DependsOn("flywayInitializer") // the lock row is there before Camel starts
class StartupLock implements CamelContextConfiguration {

    private final DataSource dataSource;
    private Connection holding;

    StartupLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        try {
            holding = dataSource.getConnection();
            holding.setAutoCommit(false);
            try (PreparedStatement lock = holding.prepareStatement("SELECT LOCK_NAME FROM QRTZ_LOCKS"
                    + " WHERE SCHED_NAME = 'writeback' AND LOCK_NAME = 'WRITEBACK_START' FOR UPDATE")) {
                lock.executeQuery().close();
            }
        } catch (SQLException e) {
            release();
            throw new IllegalStateException("Could not take the start-up lock in the database", e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        release();
    }

    /** Ends the lock's transaction; also when the application stops before Camel has started. */
    @PreDestroy
    synchronized void release() {
        if (holding == null) {
            return;
        }
        try (Connection connection = holding) {
            connection.rollback();
        } catch (SQLException e) {
            // closing the connection ends its transaction, and with it the lock
        } finally {
            holding = null;
        }
    }
}
