package io.pgmq;

/**
 * The channel exists with another payload type than the channel object expects (SQLSTATE {@code PQ004} when the
 * database raised it): use the channel class of its type, or declare a new channel. As every {@link PgmqException},
 * it leaves the caller's transaction aborted when the database raised it.
 */
public final class PayloadTypeMismatchException extends PgmqException {

    private static final long serialVersionUID = 1L;

    PayloadTypeMismatchException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
