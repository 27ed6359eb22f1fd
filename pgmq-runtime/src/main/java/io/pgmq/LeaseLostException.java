package io.pgmq;

/**
 * An ack, nack, lease extension or release found that the delivery's lease is no longer held: it expired and another
 * consumer claimed the message, or it was already acked or dead-lettered. Also thrown by a complete or fail of a
 * {@link LockedDelivery} that the transaction does not hold (completed or failed already, or claimed by another
 * transaction).
 *
 * <p>SQLSTATE {@code PQ010}. The message is not lost: another consumer or transaction has it, or it is done. The
 * single-message forms leave the caller's transaction aborted; the collection forms ({@code ack}, {@code complete}
 * of many) throw after acting on the others, in a transaction that can still commit.
 */
public final class LeaseLostException extends PgmqException {

    private static final long serialVersionUID = 1L;

    LeaseLostException(String channel, String message, String sqlState, Throwable cause) {
        super(channel, message, sqlState, cause);
    }
}
