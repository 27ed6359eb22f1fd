package io.pgmq;

import io.pgmq.internal.DslContexts;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * A consumer's use of its data source: single statements in autocommit, short transactions, and connections of its
 * own (LISTEN, purge). Every statement times out after {@value #STATEMENT_TIMEOUT_SECONDS} seconds; acquiring a
 * connection is bounded by the data source's own timeout. Thread-safe.
 */
final class ConsumerDatabase {

    /** Statement timeout of the consumer's statements, in seconds. */
    static final int STATEMENT_TIMEOUT_SECONDS = 30;

    private final String channel;
    private final DataSource dataSource;
    private final DSLContext transactions;

    ConsumerDatabase(String channel, DataSource dataSource) {
        this.channel = channel;
        this.dataSource = dataSource;
        this.transactions = DslContexts.using(dataSource, STATEMENT_TIMEOUT_SECONDS);
    }

    /**
     * Runs one statement on a borrowed connection in autocommit: the statement is its own transaction, committed in
     * the same round trip (a jOOQ transaction would add a COMMIT round trip to every claim and ack). Switches the
     * connection to autocommit if the pool hands it out without.
     *
     * @throws DataAccessException if the connection fails, keeping its SQLSTATE for {@link Completions}' retries
     */
    <R> R autocommit(String operation, Function<DSLContext, R> statement) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return statement.apply(DslContexts.using(connection, STATEMENT_TIMEOUT_SECONDS));
        } catch (SQLException e) {
            throw new DataAccessException("channel \"" + channel + "\": " + operation + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** Runs {@code work} in one short transaction on a borrowed connection (a nack, a release, a lease extension). */
    <R> R transaction(Function<DSLContext, R> work) {
        return transactions.transactionResult(configuration -> work.apply(configuration.dsl()));
    }

    /** A connection of the consumer's own, for the caller to close. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }
}
