package io.pgmq;

import java.time.Instant;

/**
 * What a {@link Channel#nack} (or {@link Channel#fail}) did with a message: scheduled it for another attempt, or
 * moved it to the dead letters. Takes effect when the transaction of the nack commits. Immutable values;
 * thread-safe.
 */
public sealed interface NackOutcome {

    /**
     * The message will be claimable again at {@code visibleAt}.
     *
     * @param visibleAt the end of the backoff, on the database's clock
     */
    record Retry(Instant visibleAt) implements NackOutcome {
    }

    /** The message used up its attempts and is now a dead letter. */
    record Dead() implements NackOutcome {
    }
}
