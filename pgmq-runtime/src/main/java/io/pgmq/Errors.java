package io.pgmq;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns database errors into pgmq's exceptions, in one place: the message names channel and operation. */
final class Errors {

    private Errors() {
    }

    static PgmqException translate(String channel, String operation, DataAccessException e) {
        String sqlState = e.sqlState();
        String detail = serverMessage(e);
        String message = "channel \"" + channel + "\": " + operation + " failed: " + detail;
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
            case "42501" -> new PgmqException(channel, message
                    + " (grant the role access with pg_mq_grant_send or pg_mq_grant_receive)", sqlState, e);
            default -> new PgmqException(channel, message + " (SQLSTATE " + sqlState + ")", sqlState, e);
        };
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
