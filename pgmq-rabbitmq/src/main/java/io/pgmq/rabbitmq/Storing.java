package io.pgmq.rabbitmq;

import io.pgmq.Channel;
import io.pgmq.PayloadTypeMismatchException;
import io.pgmq.PgmqException;
import io.pgmq.Pgmq;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;

/**
 * The database side of the inbound gateway: stores a batch of broker messages in the channel in one transaction, and
 * when the channel refuses one of them, each message in a transaction of its own, to learn which.
 */
final class Storing<T> {

    /** A message from the broker, on the AMQP channel of {@code generation}. */
    record Incoming(long deliveryTag, int generation, byte[] body, com.rabbitmq.client.AMQP.BasicProperties properties,
                    String routingKey) {
    }

    /**
     * The batch's fate: {@code stored} committed, {@code refused} with the reason, and {@code unsettled} not stored
     * because the database failed on the way (left for the broker to deliver again).
     */
    record Outcome(List<Incoming> stored, Map<Incoming, String> refused, List<Incoming> unsettled) {
    }

    /** The database failed in a way no message is to blame for (connection lost, no privilege, no channel). */
    static final class StoreFailed extends Exception {

        private static final long serialVersionUID = 1L;

        StoreFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Channel<T> channel;
    private final DataSource dataSource;

    Storing(Channel<T> channel, DataSource dataSource) {
        this.channel = channel;
        this.dataSource = dataSource;
    }

    Outcome store(List<Incoming> batch) throws StoreFailed {
        Map<Incoming, String> refused = new LinkedHashMap<>();
        List<Incoming> storable = new ArrayList<>();
        List<T> payloads = new ArrayList<>();
        for (Incoming in : batch) {
            try {
                payloads.add(Payloads.payload(channel, in.body()));
                storable.add(in);
            } catch (Payloads.RefusedMessage e) {
                refused.put(in, e.getMessage());
            }
        }
        if (storable.isEmpty()) {
            return new Outcome(List.of(), refused, List.of());
        }
        try {
            inTransaction(payloads);
            return new Outcome(storable, refused, List.of());
        } catch (RuntimeException | SQLException e) {
            if (refusal(e) == null) {
                throw failed(e);
            }
        }
        // one of them is refused: find it, storing the others one by one
        List<Incoming> stored = new ArrayList<>();
        for (int i = 0; i < storable.size(); i++) {
            try {
                inTransaction(List.of(payloads.get(i)));
                stored.add(storable.get(i));
            } catch (RuntimeException | SQLException e) {
                String reason = refusal(e);
                if (reason == null) {
                    return new Outcome(stored, refused, storable.subList(i, storable.size()));
                }
                refused.put(storable.get(i), reason);
            }
        }
        return new Outcome(stored, refused, List.of());
    }

    private void inTransaction(List<T> payloads) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                channel.sendBatch(Pgmq.using(connection), payloads);
                connection.commit();
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** The reason the channel refused a message, or null if the failure is not the message's. */
    static String refusal(Exception e) {
        if (e instanceof PayloadTypeMismatchException) {
            return null;  // the channel is of another type than the gateway was built for: configuration
        }
        String state = e instanceof PgmqException p ? p.sqlState().orElse(null)
                : e instanceof DataAccessException d ? d.sqlState()
                : e instanceof SQLException s ? s.getSQLState() : null;
        // 22: data exceptions (invalid XML, bad encoding...); 23: integrity (the channel's CHECK constraints)
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return "the channel refused it (SQLSTATE " + state + "): " + e.getMessage();
        }
        return null;
    }

    private StoreFailed failed(Exception e) {
        return new StoreFailed("channel \"" + channel.name() + "\": storing messages from the broker failed (" + e
                + "); they stay unacked, and the gateway tries again", e);
    }
}
