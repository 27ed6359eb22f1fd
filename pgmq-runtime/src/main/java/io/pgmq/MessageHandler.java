package io.pgmq;

import java.util.List;
import org.jooq.DSLContext;

/**
 * Handles one message a {@link Consumer} claimed. Returning normally acks the message; throwing nacks it, keeping the
 * exception's text as its last error, so it is retried after the channel's backoff and becomes a dead letter when
 * its attempts are used up. A message may be handled more than once (at-least-once): make handlers idempotent.
 *
 * <p>Called on one of the consumer's handler threads, outside any transaction the consumer holds; the handler opens
 * its own transactions. An interrupt means the consumer is past its shutdown deadline: stop soon.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface MessageHandler<T> {

    /**
     * Handles one delivery.
     *
     * @param delivery the claimed message, never null
     * @throws Exception to nack the message
     */
    void handle(Delivery<T> delivery) throws Exception;

    /**
     * Handles a batch of messages claimed together: returning acks all of them in one statement, throwing nacks
     * each of them with the exception's text, and throwing a {@link PartialBatchFailure} nacks the messages it names
     * and acks the others. Same threading and idempotence rules as {@link MessageHandler}.
     *
     * @param <T> the payload type
     */
    @FunctionalInterface
    interface Batch<T> {

        /**
         * Handles a batch of 1 to the consumer's batch size deliveries, oldest first.
         *
         * @param deliveries the claimed messages, never empty, unmodifiable
         * @throws Exception to nack every message of the batch
         */
        void handle(List<Delivery<T>> deliveries) throws Exception;
    }

    /**
     * Handles one message a {@link Consumer} claimed locked ({@link Channel#claimLocked}), inside the consumer's
     * transaction: what the handler writes through {@code tx} commits together with the message's completion, so it
     * happens once. Returning completes the message; throwing rolls back what the handler wrote (to a savepoint taken
     * before it) and fails the message, keeping the exception's text as its last error, so it is retried after the
     * channel's backoff and becomes a dead letter when its attempts are used up. A crash or a lost connection rolls the
     * whole transaction back: the message is handled again and the attempt is not counted.
     *
     * <p>Do not commit, roll back or close {@code tx}. Called on one of the consumer's handler threads; the
     * transaction stays open while the handlers of its batch run, so keep them short. An interrupt means the consumer
     * is past its shutdown deadline: stop soon.
     *
     * @param <T> the payload type
     */
    @FunctionalInterface
    interface InTransaction<T> {

        /**
         * Handles one delivery inside the consumer's transaction.
         *
         * @param tx       the consumer's transaction, for the handler's own statements
         * @param delivery the locked message, never null
         * @throws Exception to roll back the handler's writes and fail the message
         */
        void handle(DSLContext tx, LockedDelivery<T> delivery) throws Exception;
    }

    /**
     * Handles a batch of messages a {@link Consumer} claimed locked ({@link Channel#claimLocked}), inside the
     * consumer's transaction: what the handler writes through {@code tx} commits together with the completion of the
     * batch. Returning completes every message of the batch; throwing a {@link PartialBatchFailure} keeps what the
     * handler wrote, fails the messages it names and completes the others (so write nothing for the ones it names);
     * throwing anything else rolls back what the handler wrote (to a savepoint taken before it) and fails every
     * message of the batch with the exception's text. A crash or a lost connection rolls the whole transaction back:
     * the batch is handled again and no attempt is counted.
     *
     * <p>For work done for many messages at once: one multi-row write, or handing the batch on to another system and
     * completing it once that system took it (the RabbitMQ gateway). The row locks, and a connection, are held until
     * the handler returns. Same rules otherwise as {@link InTransaction}.
     *
     * @param <T> the payload type
     */
    @FunctionalInterface
    interface InTransactionBatch<T> {

        /**
         * Handles a batch of 1 to the consumer's batch size locked deliveries, oldest first, inside the consumer's
         * transaction.
         *
         * @param tx         the consumer's transaction, for the handler's own statements
         * @param deliveries the locked messages, never empty, unmodifiable
         * @throws PartialBatchFailure to fail the messages it names and complete the others
         * @throws Exception           to roll back the handler's writes and fail every message of the batch
         */
        void handle(DSLContext tx, List<LockedDelivery<T>> deliveries) throws Exception;
    }
}
