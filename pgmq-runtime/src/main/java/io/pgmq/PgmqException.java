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
 *
 * <p>A failed operation leaves the caller's transaction as PostgreSQL left it: after a database error the
 * transaction is aborted and must be rolled back (or rolled back to a savepoint); pgmq never rolls back for the
 * caller. Exceptions are immutable once thrown and may be passed between threads.
 */
public sealed class PgmqException extends RuntimeException
        permits UnknownChannelException, PayloadTypeMismatchException, LeaseLostException, InvalidPayloadException {

    private static final long serialVersionUID = 1L;

    /** The channel the failed operation was on (serialized with the exception). */
    private final String channel;
    /** The SQLSTATE the database raised, or null when no SQL ran (serialized with the exception). */
    private final String sqlState;

    PgmqException(String channel, String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.channel = channel;
        this.sqlState = sqlState;
    }

    /**
     * Returns the name of the channel the failed operation was on.
     *
     * @return the channel's name, never null
     */
    public String channel() {
        return channel;
    }

    /**
     * Returns the SQLSTATE the database raised, or empty when the error was detected before any SQL ran.
     *
     * @return the SQLSTATE, e.g. {@code PQ010}, or empty
     */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
