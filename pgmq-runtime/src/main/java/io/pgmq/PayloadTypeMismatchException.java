package io.pgmq;

/**
 * The channel exists with another payload type than the channel object expects.
 */
public final class PayloadTypeMismatchException extends PgmqException {

    private static final long serialVersionUID = 1L;

    PayloadTypeMismatchException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
