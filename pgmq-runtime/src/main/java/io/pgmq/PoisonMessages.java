package io.pgmq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Received messages whose payload cannot be decoded ({@link Undecodable}): each becomes a dead letter at once with
 * {@code pg_mq_reject}, in the receiving statement's transaction, its last error naming the channel, the message id
 * and the decoding error. A retry would fail the same way, so none is made. One per receiving statement: collect while
 * reading the result, then {@link #reject} once it is read. Not thread-safe.
 */
final class PoisonMessages {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonMessages.class);

    private final ChannelTable table;
    private final List<Poisoned> found = new ArrayList<>(0);

    PoisonMessages(ChannelTable table) {
        this.table = table;
    }

    /** A message that could not be decoded, and the lease token it was claimed with (null: held by the transaction). */
    private record Poisoned(long msgId, UUID leaseToken, String error) {
    }

    /** Notes that message {@code msgId}, claimed with {@code leaseToken} (null if locked or received), is poison. */
    void add(long msgId, UUID leaseToken, Undecodable e) {
        found.add(new Poisoned(msgId, leaseToken, error(table.channel(), msgId, e)));
    }

    /** The last error a poison message gets. */
    static String error(String channel, long msgId, Undecodable e) {
        return "channel \"" + channel + "\": message " + msgId + " cannot be decoded: " + e.getMessage()
                + " (moved to the dead letters at once, not retried)";
    }

    /**
     * Makes every message noted a dead letter, on {@code connection} in its current transaction. A message received
     * at-most-once in autocommit is delivered already and cannot be recalled: it is logged as lost.
     *
     * @param received whether the messages were received at-most-once (not claimed)
     */
    void reject(Connection connection, boolean received) throws SQLException {
        if (found.isEmpty()) {
            return;
        }
        if (received && connection.getAutoCommit()) {
            for (Poisoned p : found) {
                LOG.error("channel {}: message {} was received at-most-once in autocommit and cannot be decoded, so it"
                        + " is lost (receive in a transaction to keep such messages as dead letters)",
                        table.channel(), p.msgId());
                LOG.debug("channel {}: message {}: {}", table.channel(), p.msgId(), p.error());
            }
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql())) {
            for (Poisoned p : found) {
                statement.setString(1, table.channel());
                statement.setLong(2, p.msgId());
                if (p.leaseToken() == null) {
                    statement.setNull(3, Types.OTHER);
                } else {
                    statement.setObject(3, p.leaseToken());
                }
                statement.setString(4, p.error());
                statement.executeQuery().close();
                // the decoding error may quote a value of the payload: at debug only, and in the dead letter
                LOG.warn("channel {}: message {} cannot be decoded and is now a dead letter (its last error says why)",
                        table.channel(), p.msgId());
                LOG.debug("channel {}: message {}: {}", table.channel(), p.msgId(), p.error());
            }
        }
    }

    private String sql() {
        return DSL.using(SQLDialect.POSTGRES).render(DSL.select(table.function("pg_mq_reject",
                SQLDataType.TIMESTAMPWITHTIMEZONE, DSL.param("channel", SQLDataType.CLOB),
                DSL.param("msg_id", SQLDataType.BIGINT), DSL.param("lease_token", SQLDataType.UUID),
                DSL.param("error", SQLDataType.CLOB))));
    }
}
