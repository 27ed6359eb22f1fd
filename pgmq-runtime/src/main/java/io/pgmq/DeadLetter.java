package io.pgmq;

import java.time.Instant;
import java.util.Objects;

/**
 * A message whose delivery attempts were used up ({@link Channel#deadLetters}); {@link Channel#redrive} brings it
 * back.
 *
 * @param msgId     the message's id
 * @param sentAt    when it was sent
 * @param attempts  the attempts it had
 * @param deadAt    when it became a dead letter
 * @param lastError the error of its last attempt
 */
public record DeadLetter(long msgId, Instant sentAt, int attempts, Instant deadAt, String lastError) {

    /** Validates the components; all are required. */
    public DeadLetter {
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(deadAt, "deadAt");
        Objects.requireNonNull(lastError, "lastError");
    }
}
