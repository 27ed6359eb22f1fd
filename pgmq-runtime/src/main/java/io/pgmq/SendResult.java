package io.pgmq;

/**
 * What a send with {@link SendOptions} did: the message's id and whether it was a duplicate, i.e. its deduplication
 * key was taken, so nothing was inserted or notified and {@code msgId} is the message holding the key.
 *
 * <p>An immutable value; thread-safe.
 *
 * @param msgId     the new message's id, or the holder's for a duplicate
 * @param duplicate true if the key was taken and nothing was sent
 */
public record SendResult(long msgId, boolean duplicate) {}
