package io.pgmq;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A message claimed at-least-once ({@link Channel#claim}): hidden from other consumers until
 * {@link #leaseExpiresAt()}, by which time it must be {@linkplain Channel#ack acked} or
 * {@linkplain Channel#nack nacked} (or its lease {@linkplain Channel#extendLease extended}); otherwise it becomes
 * claimable again and the next delivery has a higher {@link #attempt()}.
 *
 * <p>An immutable value, safe to hand to other threads; ack, nack or extend it in any transaction (autocommit
 * included) on any connection, as long as its lease is held.
 *
 * @param channel        the channel's name
 * @param msgId          the message's id
 * @param attempt        1 on the first delivery, raised on each claim
 * @param leaseToken     identifies this lease; ack, nack and extension must present it
 * @param leaseExpiresAt when the lease ends, on the database's clock
 * @param sentAt         when the sending transaction started
 * @param sentBy         the database role that sent it
 * @param lastError      the error of the last nack, if any
 * @param payload        the payload, never null
 * @param headers        the headers it was sent with (empty if none)
 * @param <T> the payload type
 */
public record Delivery<T>(String channel, long msgId, int attempt, UUID leaseToken, Instant leaseExpiresAt,
                          Instant sentAt, String sentBy, Optional<String> lastError, T payload, Headers headers) {

    /**
     * Validates the components; all are required.
     *
     * @param channel        the channel's name
     * @param msgId          the message's id
     * @param attempt        1 on the first delivery, raised on each claim
     * @param leaseToken     identifies this lease; ack, nack and extension must present it
     * @param leaseExpiresAt when the lease ends, on the database's clock
     * @param sentAt         when the sending transaction started
     * @param sentBy         the database role that sent it
     * @param lastError      the error of the last nack, if any
     * @param payload        the payload, never null
     * @param headers        the headers it was sent with (empty if none)
     * @throws NullPointerException if a component other than a number is null
     */
    public Delivery {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(leaseToken, "leaseToken");
        Objects.requireNonNull(leaseExpiresAt, "leaseExpiresAt");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(sentBy, "sentBy");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * A delivery without headers (the form before headers existed).
     *
     * @param channel        the channel's name
     * @param msgId          the message's id
     * @param attempt        1 on the first delivery, raised on each claim
     * @param leaseToken     identifies this lease
     * @param leaseExpiresAt when the lease ends, on the database's clock
     * @param sentAt         when the sending transaction started
     * @param sentBy         the database role that sent it
     * @param lastError      the error of the last nack, if any
     * @param payload        the payload, never null
     * @throws NullPointerException if a component other than a number is null
     */
    public Delivery(String channel, long msgId, int attempt, UUID leaseToken, Instant leaseExpiresAt, Instant sentAt,
                    String sentBy, Optional<String> lastError, T payload) {
        this(channel, msgId, attempt, leaseToken, leaseExpiresAt, sentAt, sentBy, lastError, payload,
                Headers.empty());
    }

    /** Returns this delivery with the lease ending at {@code expiresAt}, as {@link Channel#extendLease} does. */
    Delivery<T> withLeaseExpiresAt(Instant expiresAt) {
        return new Delivery<>(channel, msgId, attempt, leaseToken, expiresAt, sentAt, sentBy, lastError, payload,
                headers);
    }
}
