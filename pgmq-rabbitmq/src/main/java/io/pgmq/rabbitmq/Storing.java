package io.pgmq.rabbitmq;

import io.pgmq.Channel;
import io.pgmq.PayloadTypeMismatchException;
import io.pgmq.PgmqException;
import io.pgmq.Pgmq;
import io.pgmq.SendOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
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
     * because the database failed on the way (left for the broker to deliver again); {@code duplicates} of the stored
     * were already in the channel under their message-id (deduplication by message-id), so nothing new was sent.
     */
    record Outcome(List<Incoming> stored, Map<Incoming, String> refused, List<Incoming> unsettled, int duplicates) {
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
    private final boolean dedupByMessageId;

    Storing(Channel<T> channel, DataSource dataSource, boolean dedupByMessageId) {
        this.channel = channel;
        this.dataSource = dataSource;
        this.dedupByMessageId = dedupByMessageId;
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
            return new Outcome(List.of(), refused, List.of(), 0);
        }
        try {
            int duplicates = inTransaction(storable, payloads);
            return new Outcome(storable, refused, List.of(), duplicates);
        } catch (RuntimeException | SQLException e) {
            if (refusal(e) == null) {
                throw failed(e);
            }
        }
        // one of them is refused: find it, storing the others one by one
        List<Incoming> stored = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < storable.size(); i++) {
            try {
                duplicates += inTransaction(List.of(storable.get(i)), List.of(payloads.get(i)));
                stored.add(storable.get(i));
            } catch (RuntimeException | SQLException e) {
                String reason = refusal(e);
                if (reason == null) {
                    return new Outcome(stored, refused, storable.subList(i, storable.size()), duplicates);
                }
                refused.put(storable.get(i), reason);
            }
        }
        return new Outcome(stored, refused, List.of(), duplicates);
    }

    /** Sends the payloads in one transaction; returns how many were duplicates of a message-id already held. */
    private int inTransaction(List<Incoming> messages, List<T> payloads) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                DSLContext tx = Pgmq.using(connection);
                int duplicates = 0;
                if (dedupByMessageId) {
                    List<T> unkeyed = new ArrayList<>();
                    for (int i = 0; i < payloads.size(); i++) {
                        String key = messages.get(i).properties().getMessageId();
                        if (key == null || key.isEmpty()) {
                            unkeyed.add(payloads.get(i));
                        } else if (channel.send(tx, payloads.get(i), SendOptions.none().dedupKey(key)).duplicate()) {
                            duplicates++;
                        }
                    }
                    channel.sendBatch(tx, unkeyed);
                } else {
                    channel.sendBatch(tx, payloads);
                }
                connection.commit();
                return duplicates;
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
