package io.writeback.ledger;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/** Update-else-insert inside the ledger's transactions, safe when two transactions insert the same key at once. */
final class Upserts {

    private Upserts() {
    }

    /**
     * Update, else insert; when a concurrent transaction inserted the same key first (two events of one new order
     * on two consumers), roll back to a savepoint and update the row it inserted. When that row is not there to
     * update (the other transaction has not committed), the whole transaction fails and its message comes again,
     * rather than committing without the row.
     */
    static void upsert(JdbcClient.StatementSpec update, JdbcClient.StatementSpec insert) {
        upsert(false, update, insert);
    }

    /** {@link #upsert}, trying the insert first when the row is most likely new (one statement less then). */
    static void upsert(boolean likelyNew, JdbcClient.StatementSpec update, JdbcClient.StatementSpec insert) {
        if (!likelyNew && update.update() > 0) {
            return;
        }
        TransactionStatus transaction = TransactionAspectSupport.currentTransactionStatus();
        Object savepoint = transaction.createSavepoint();
        try {
            insert.update();
            transaction.releaseSavepoint(savepoint);
        } catch (DuplicateKeyException raced) {
            transaction.rollbackToSavepoint(savepoint);
            if (update.update() == 0) {
                throw new ConcurrencyFailureException("A concurrent transaction holds the row it has not committed;"
                        + " this one is rolled back and tried again", raced);
            }
        }
    }
}
