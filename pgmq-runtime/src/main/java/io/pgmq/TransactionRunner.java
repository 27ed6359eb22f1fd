package io.pgmq;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Who owns the transaction of a transactional consumer's rounds ({@link Consumer.Builder#transactionRunner}): the hook
 * a framework uses so that a round's locked claim, what the handler writes through the framework's own data access
 * (JPA, {@code JdbcTemplate}) and the messages' completion all commit in one transaction it manages.
 *
 * <p>The consumer calls {@link #inTransaction} once per round, on a handler thread. An implementation runs the round
 * exactly once, on a connection with autocommit off that belongs to one transaction; commits that transaction if the
 * round returns, rolls it back if the round throws, and lets the round's exception out (wrapped or not). It must not
 * run the round in autocommit (the locked claim refuses it) nor leave the transaction open when it returns. The
 * default borrows a connection from the consumer's {@link javax.sql.DataSource}, switches autocommit off, commits or
 * rolls back, and gives the connection back as it found it. With Spring, for example:
 *
 * <pre>{@code
 * .transactionRunner(round -> transactionTemplate.executeWithoutResult(
 *         status -> round.run(DataSourceUtils.getConnection(dataSource))))
 * }</pre>
 *
 * <p>Implementations must be thread-safe: up to the consumer's concurrency of rounds run at once, each on its own
 * thread and connection.
 */
@FunctionalInterface
public interface TransactionRunner {

    /**
     * Runs {@code round} in one transaction: commits if it returns, rolls back if it throws.
     *
     * @param round the consumer's round, never null
     * @throws SQLException if no connection could be had, or the commit failed; the consumer logs it (WARN once
     *                      while it repeats), backs off and tries again, and a rolled-back round's messages are ready
     *                      again at once
     */
    void inTransaction(Round round) throws SQLException;

    /**
     * One round of a transactional consumer: a locked claim, the handler on each message behind a savepoint, and the
     * completions and failures, all on one connection in one transaction.
     */
    @FunctionalInterface
    interface Round {

        /**
         * Runs the round on {@code connection}, which must be in the runner's transaction with autocommit off; does
         * not commit, roll back or close it.
         *
         * @param connection the transaction's connection, never null
         * @throws RuntimeException when the transaction must roll back: a statement failed, or the consumer is past
         *                          its shutdown deadline
         */
        void run(Connection connection);
    }
}
