package io.pgmq;

import java.util.List;

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
     * each of them with the exception's text. Same threading and idempotence rules as {@link MessageHandler}.
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
}
