package io.pgmq;

import java.time.Instant;
import java.util.Objects;

/**
 * A message whose delivery attempts were used up ({@link Channel#deadLetters}); {@link Channel#redrive} brings it
 * back.
 *
 * <p>An immutable value, read in the caller's transaction; thread-safe.
 *
 * @param msgId     the message's id
 * @param sentAt    when it was sent
 * @param attempts  the attempts it had
 * @param deadAt    when it became a dead letter
 * @param lastError the error of its last attempt
 * @param headers   the headers it was sent with (empty if none)
 */
public record DeadLetter(long msgId, Instant sentAt, int attempts, Instant deadAt, String lastError,
                         Headers headers) {

    /**
     * Validates the components; all are required.
     *
     * @param msgId     the message's id
     * @param sentAt    when it was sent
     * @param attempts  the attempts it had
     * @param deadAt    when it became a dead letter
     * @param lastError the error of its last attempt
     * @param headers   the headers it was sent with (empty if none)
     * @throws NullPointerException if a component other than a number is null
     */
    public DeadLetter {
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(deadAt, "deadAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * A dead letter without headers (the form before headers existed).
     *
     * @param msgId     the message's id
     * @param sentAt    when it was sent
     * @param attempts  the attempts it had
     * @param deadAt    when it became a dead letter
     * @param lastError the error of its last attempt
     * @throws NullPointerException if a component other than a number is null
     */
    public DeadLetter(long msgId, Instant sentAt, int attempts, Instant deadAt, String lastError) {
        this(msgId, sentAt, attempts, deadAt, lastError, Headers.empty());
    }
}
