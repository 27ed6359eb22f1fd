package io.pgmq;

import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A consumer's settings, validated: an invalid set never exists. {@link Consumer.Builder} collects them; the parts
 * of a running consumer read them.
 *
 * @param channel          the channel to claim from
 * @param dataSource       where connections come from
 * @param handling         what runs on the claimed messages
 * @param concurrency      handler threads, 1..1000
 * @param claimAhead       units (or locked rounds) claimed beyond the running handlers, 0..1000
 * @param batchSize        the most messages one claim takes, 1..{@value Channel#MAX_BATCH}
 * @param lease            how long a claim hides a message, at least 1 second
 * @param pollInterval     the longest wait without a claim, at least 10 ms
 * @param shutdownDeadline how long close() waits for handlers, not negative
 * @param purgeInterval    how often retention runs, not negative; zero: never
 * @param pollOnly         no LISTEN connection
 * @param <T>              the payload type
 */
record ConsumerSettings<T>(Channel<T> channel, DataSource dataSource, Handling<T> handling, int concurrency,
                           int claimAhead, int batchSize, Duration lease, Duration pollInterval, Duration shutdownDeadline,
                           Duration purgeInterval, boolean pollOnly) {

    /**
     * Checks every setting, naming the first one out of range and its value.
     *
     * @throws IllegalArgumentException if a setting is out of range
     */
    ConsumerSettings {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(handling, "handling");
        if (concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException("concurrency must be 1..1000, was " + concurrency);
        }
        if (claimAhead < 0 || claimAhead > 1000) {
            throw new IllegalArgumentException("claimAhead must be 0..1000, was " + claimAhead);
        }
        if (batchSize < 1 || batchSize > Channel.MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be 1.." + Channel.MAX_BATCH + ", was " + batchSize);
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lease must be at least 1 second, was " + lease);
        }
        if (pollInterval.compareTo(Duration.ofMillis(10)) < 0) {
            throw new IllegalArgumentException("pollInterval must be at least 10 ms, was " + pollInterval);
        }
        if (shutdownDeadline.isNegative()) {
            throw new IllegalArgumentException("shutdownDeadline must not be negative, was " + shutdownDeadline);
        }
        if (purgeInterval.isNegative()) {
            throw new IllegalArgumentException("purgeInterval must not be negative, was " + purgeInterval);
        }
    }
}
