package io.pgmq.fault;

import io.pgmq.Delivery;
import io.pgmq.LockedDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes the suite's two records: {@code fault_sent}, in a producer's transaction, and {@code fault_ledger}, in a
 * handler's. Times come from this JVM's clock (the suite and its consumer JVMs run on one host), so that a fault's
 * time, taken while the server may be down, compares with them.
 */
final class Ledger {

    private static final String INSERT_HANDLING = "INSERT INTO fault_ledger "
            + "(id, channel, msg_id, attempt, lease_token, lease_expires_at, last_error, consumer, handled_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private Ledger() {
    }

    /**
     * Records the handling of leased deliveries in one transaction of its own on a connection from {@code pool},
     * as a {@code Consumer}'s handler does its work: committed before the handler returns (and the consumer acks).
     *
     * @throws HandlingFailure if the transaction fails; its text names each delivery's lease, so that the nack it
     *     causes explains a later repeat of a delivery whose commit did happen
     */
    static <T> void recordLeased(DataSource pool, FaultChannel<T> channel, String consumer, List<Delivery<T>> deliveries) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(INSERT_HANDLING)) {
                Timestamp now = Timestamp.from(Instant.now());
                for (Delivery<T> d : deliveries) {
                    bind(s, channel.id(d.payload()), channel.name(), d.msgId(), d.attempt(), d.leaseToken(),
                            d.leaseExpiresAt(), d.lastError().orElse(null), consumer, now);
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            Delivery<T> first = deliveries.get(0);
            throw new HandlingFailure("fault ledger: recording " + deliveries.size() + " handling(s) of channel \""
                    + channel.name() + "\" from message " + first.msgId() + " (attempt " + first.attempt()
                    + ", lease " + first.leaseToken() + ") failed: " + e, e);
        }
    }

    /** Records the handling of a locked delivery in the consumer's transaction {@code tx}, which commits it. */
    static <T> void recordLocked(Connection tx, FaultChannel<T> channel, String consumer, LockedDelivery<T> d)
            throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(INSERT_HANDLING)) {
            bind(s, channel.id(d.payload()), channel.name(), d.msgId(), d.attempt(), null, null,
                    d.lastError().orElse(null), consumer, Timestamp.from(Instant.now()));
            s.executeUpdate();
        }
    }

    /**
     * Records in the producer's transaction {@code tx} that message {@code id}, first tried at {@code triedAt}, was sent
     * as {@code msgId}.
     */
    static void recordSent(Connection tx, long id, String channel, long msgId, String producer, Instant triedAt)
            throws SQLException {
        try (PreparedStatement s = tx.prepareStatement(
                "INSERT INTO fault_sent (id, channel, msg_id, producer, tried_at) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, id);
            s.setString(2, channel);
            s.setLong(3, msgId);
            s.setString(4, producer);
            s.setTimestamp(5, Timestamp.from(triedAt));
            s.executeUpdate();
        }
    }

    /** Whether the send of message {@code id} committed: what a producer asks after its COMMIT failed. */
    static boolean wasSent(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM fault_sent WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void bind(PreparedStatement s, long id, String channel, long msgId, int attempt, UUID leaseToken,
                             Instant leaseExpiresAt, String lastError, String consumer, Timestamp handledAt)
            throws SQLException {
        s.setLong(1, id);
        s.setString(2, channel);
        s.setLong(3, msgId);
        s.setInt(4, attempt);
        s.setObject(5, leaseToken, Types.OTHER);
        s.setTimestamp(6, leaseExpiresAt == null ? null : Timestamp.from(leaseExpiresAt));
        s.setString(7, lastError);
        s.setString(8, consumer);
        s.setTimestamp(9, handledAt);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the server rolls the transaction back when the session ends
        }
    }

    /** A handler's record could not be written: the consumer nacks the message with this text as its last error. */
    static final class HandlingFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        HandlingFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
