package io.pgmq;

import java.util.Objects;

/**
 * A message received at-most-once ({@link Channel#receive}): it was marked delivered in the same transaction.
 *
 * <p>An immutable value; thread-safe. Nothing is left to do with it in the database.
 *
 * @param msgId   the message's id, unique within its channel, increasing in send order
 * @param sentBy  the database role that sent it ({@code session_user})
 * @param payload the payload, never null
 * @param <T> the payload type
 */
public record Message<T>(long msgId, String sentBy, T payload) {

    /**
     * Validates the components; all are required.
     *
     * @param msgId   the message's id, unique within its channel, increasing in send order
     * @param sentBy  the database role that sent it ({@code session_user})
     * @param payload the payload, never null
     * @throws NullPointerException if a component other than a number is null
     */
    public Message {
        Objects.requireNonNull(sentBy, "sentBy");
        Objects.requireNonNull(payload, "payload");
    }
}
