package io.pgmq;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns database errors into pgmq's exceptions, in one place: the message names channel and operation. */
final class Errors {

    private Errors() {
    }

    /**
     * The exception for a database error of {@code operation} on {@code channel}, described as {@code what} (the
     * operation, or the operation on one message).
     */
    static PgmqException translate(String channel, Operation operation, String what, DataAccessException e) {
        String sqlState = e.sqlState();
        String detail = serverMessage(e);
        String message = "channel \"" + channel + "\": " + what + " failed: " + detail;
        if (sqlState == null) {
            return new PgmqException(channel, message, null, e);
        }
        return switch (sqlState) {
            case "PQ001" -> new UnknownChannelException(channel, message, sqlState, e);
            case "42P01" -> new UnknownChannelException(channel, message
                    + " (is the channel created, and pgmq-schema migrated into this schema?)", sqlState, e);
            case "42883" -> new PgmqException(channel, message + " (is pgmq-schema migrated into this schema, up to"
                    + " the version this runtime was built with? A function it calls is missing)", sqlState, e);
            case "PQ004" -> new PayloadTypeMismatchException(channel, message, sqlState, e);
            case "PQ010" -> new LeaseLostException(channel, message, sqlState, e);
            case "2200N", "2200M" -> new InvalidPayloadException(channel, message
                    + " (the channel holds xml: send a well-formed XML document or fragment)", sqlState, e);
            // the channel's json contract (pg_mq_json_conforms names message and field)
            case "23514" -> new InvalidPayloadException(channel, message + " (the payload breaks the channel's json"
                    + " contract: send a message of the contract's shape)", sqlState, e);
            case "22P02" -> operation == Operation.SEND || operation == Operation.SEND_BATCH
                    ? new InvalidPayloadException(channel, message + " (the channel holds jsonb: send valid JSON)",
                            sqlState, e)
                    : new PgmqException(channel, message + " (SQLSTATE " + sqlState + ")", sqlState, e);
            case "42501" -> new PgmqException(channel, message + " (" + operation.grantHint(channel) + ")", sqlState,
                    e);
            default -> new PgmqException(channel, message + " (SQLSTATE " + sqlState + ")", sqlState, e);
        };
    }

    /** The ids of {@code asked} that a statement did not return ({@code done}), in order: the lost ones. */
    static List<Long> missing(List<Long> asked, Collection<Long> done) {
        Set<Long> found = Set.copyOf(done);
        return asked.stream().filter(id -> !found.contains(id)).toList();
    }

    /** A batch ack left out messages whose leases were lost. */
    static LeaseLostException leasesLost(String channel, List<Long> lost) {
        return new LeaseLostException(channel, "channel \"" + channel + "\": ack of messages " + lost + " failed: their"
                + " leases were lost (expired and claimed again, or already acked); raise the lease, extend it with"
                + " extendLease, or ack sooner", null, null);
    }

    /** A batch complete left out messages the transaction does not hold. */
    static LeaseLostException notHeld(String channel, List<Long> lost) {
        return new LeaseLostException(channel, "channel \"" + channel + "\": complete of messages " + lost + " failed:"
                + " this transaction does not hold them (completed or failed already, or claimed by another"
                + " transaction); complete only what claimLocked returned, in the same transaction", null, null);
    }

    /** The server's own message and hint when pgjdbc has them, else the driver's message. */
    private static String serverMessage(DataAccessException e) {
        SQLException sql = e.getCause(SQLException.class);
        if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            String hint = server.getHint();
            return hint == null ? server.getMessage() : server.getMessage() + ". " + hint;
        }
        return sql != null ? sql.getMessage() : e.getMessage();
    }
}
