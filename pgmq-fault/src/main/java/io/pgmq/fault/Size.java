package io.pgmq.fault;

import java.time.Duration;

/**
 * How big a run is: {@link #SCALED}, the few-second versions {@code ./mvnw verify} runs, or {@link #FULL}, the sizes
 * the issue names (100,000 messages of steady load, a minute idle in transaction), which regenerate
 * docs/reliability.md. Each scenario picks its numbers with {@link #pick}.
 */
enum Size {
    /** The scaled-down run of the module's tests: the whole suite in about a minute on two cores. */
    SCALED,
    /** The documented full run. */
    FULL;

    /** Returns {@code scaled} in a scaled run, {@code full} in a full one. */
    int pick(int scaled, int full) {
        return this == SCALED ? scaled : full;
    }

    /** Returns {@code scaled} in a scaled run, {@code full} in a full one. */
    Duration pick(Duration scaled, Duration full) {
        return this == SCALED ? scaled : full;
    }

    /** The lowercase name, as the command line takes it. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
