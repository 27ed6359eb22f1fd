package io.pgmq;

import java.util.Optional;

/**
 * The root of pgmq's unchecked exceptions. The message names the channel, the operation and how to fix it;
 * {@link #sqlState()} keeps the PostgreSQL SQLSTATE when the database raised the error, and the cause keeps the
 * driver's exception.
 *
 * <p>pgmq's own SQLSTATEs are of class {@code PQ}: {@code PQ001} unknown channel, {@code PQ002} channel already
 * exists, {@code PQ003} invalid channel name, {@code PQ004} payload type mismatch, {@code PQ005} invalid argument,
 * {@code PQ006} unknown role, {@code PQ010} lease lost.
 */
public sealed class PgmqException extends RuntimeException
        permits UnknownChannelException, PayloadTypeMismatchException, LeaseLostException, InvalidPayloadException {

    private static final long serialVersionUID = 1L;

    private final String channel;
    private final String sqlState;

    PgmqException(String channel, String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.channel = channel;
        this.sqlState = sqlState;
    }

    /** Returns the name of the channel the failed operation was on. */
    public String channel() {
        return channel;
    }

    /** Returns the SQLSTATE the database raised, or empty when the error was detected before any SQL ran. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
