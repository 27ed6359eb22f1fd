package io.pgmq;

import java.time.Duration;
import java.util.Optional;

/**
 * When the earliest message of a channel that is not ready yet becomes ready ({@link Channel#untilNextReady}), and
 * what it cost the server to find out: a consumer's {@link ClaimGate} wakes at the one and spaces its questions by
 * the other.
 *
 * @param in   how long until that message becomes ready, on the database's clock; empty when there is none
 * @param took how long the server took to answer (its scan, without the round trip)
 */
record NextReady(Optional<Duration> in, Duration took) {

    /** The answer when the question could not be asked: nothing known, nothing spent. */
    static final NextReady UNKNOWN = new NextReady(Optional.empty(), Duration.ZERO);
}
