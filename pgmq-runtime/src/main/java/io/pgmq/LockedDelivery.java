package io.pgmq;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A message claimed locked ({@link Channel#claimLocked}): held by a row lock of the transaction that claimed it, and
 * only while that transaction lasts. In that transaction, {@linkplain Channel#complete complete} it (gone when the
 * transaction commits) or {@linkplain Channel#fail fail} it (retried after a backoff, or a dead letter); if the
 * transaction rolls back, or its session ends, it is ready again at once and the attempt is not counted.
 *
 * <p>An immutable value, but meaningful only inside the transaction that claimed it: complete or fail it there, on
 * that transaction's connection.
 *
 * @param channel    the channel's name
 * @param msgId      the message's id
 * @param attempt    1 on the first delivery: the failed attempts and lease claims before, plus this one
 * @param sentAt     when the sending transaction started
 * @param sentBy     the database role that sent it
 * @param lastError  the error of the last failed attempt, if any
 * @param payload    the payload, never null
 * @param <T> the payload type
 */
public record LockedDelivery<T>(String channel, long msgId, int attempt, Instant sentAt, String sentBy,
                                Optional<String> lastError, T payload, Headers headers) {

    /**
     * Validates the components; all are required.
     *
     * @param channel    the channel's name
     * @param msgId      the message's id
     * @param attempt    1 on the first delivery: the failed attempts and lease claims before, plus this one
     * @param sentAt     when the sending transaction started
     * @param sentBy     the database role that sent it
     * @param lastError  the error of the last failed attempt, if any
     * @param payload    the payload, never null
     * @param headers    the headers it was sent with (empty if none)
     * @throws NullPointerException if a component other than a number is null
     */
    public LockedDelivery {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(sentBy, "sentBy");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * A locked delivery without headers (the form before headers existed).
     *
     * @param channel    the channel's name
     * @param msgId      the message's id
     * @param attempt    1 on the first delivery
     * @param sentAt     when the sending transaction started
     * @param sentBy     the database role that sent it
     * @param lastError  the error of the last failed attempt, if any
     * @param payload    the payload, never null
     * @throws NullPointerException if a component other than a number is null
     */
    public LockedDelivery(String channel, long msgId, int attempt, Instant sentAt, String sentBy,
                          Optional<String> lastError, T payload) {
        this(channel, msgId, attempt, sentAt, sentBy, lastError, payload, Headers.empty());
    }
}
