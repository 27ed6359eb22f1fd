package io.pgmq;

/**
 * An ack, nack, lease extension or release found that the delivery's lease is no longer held: it expired and another
 * consumer claimed the message, or it was already acked or dead-lettered. Also thrown by a complete or fail of a
 * {@link LockedDelivery} that the transaction does not hold (completed or failed already, or claimed by another
 * transaction).
 */
public final class LeaseLostException extends PgmqException {

    private static final long serialVersionUID = 1L;

    LeaseLostException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
