package io.pgmq;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The default {@link TransactionRunner}: a connection borrowed from the consumer's data source for each round, with
 * autocommit switched off for it and back on before it is returned (pools hand out connections in either state).
 * Thread-safe.
 */
final class DataSourceTransactions implements TransactionRunner {

    private final DataSource dataSource;

    DataSourceTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void inTransaction(Round round) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                round.run(connection);
                connection.commit();
            } catch (RuntimeException | Error e) {
                try {
                    connection.rollback();
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException cleanup) {
                    e.addSuppressed(cleanup);  // the session is most likely gone, and its transaction with it
                }
                throw e;
            }
            connection.setAutoCommit(autoCommit);
        }
    }
}
