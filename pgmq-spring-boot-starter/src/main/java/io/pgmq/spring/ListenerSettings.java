package io.pgmq.spring;

import io.pgmq.Consumer;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;

/**
 * One listener's consumer settings after layering: a {@code pgmq.consumers.<channel>.*} property wins over the
 * {@link PgmqListener} attribute, which wins over the consumer's default (an empty value here). Immutable.
 *
 * @param concurrency   handlers at once
 * @param batchSize     the most messages one claim takes
 * @param lease         how long a claim hides a message
 * @param pollInterval  the longest wait without a claim
 * @param pollOnly      no LISTEN connection
 * @param transactional a Spring-managed transaction with a locked claim
 */
record ListenerSettings(Optional<Integer> concurrency, Optional<Integer> batchSize, Optional<Duration> lease,
                        Optional<Duration> pollInterval, boolean pollOnly, boolean transactional) {

    /**
     * Layers {@code properties} over {@code annotation}.
     *
     * @throws IllegalArgumentException if an attribute's duration does not parse, naming it and its value
     */
    static ListenerSettings of(PgmqListener annotation, PgmqProperties.Listener properties) {
        return new ListenerSettings(
                first(properties.getConcurrency(), annotation.concurrency() == 0 ? null : annotation.concurrency()),
                first(properties.getBatchSize(), annotation.batchSize() == 0 ? null : annotation.batchSize()),
                first(properties.getLease(), duration("lease", annotation.lease())),
                first(properties.getPollInterval(), duration("pollInterval", annotation.pollInterval())),
                properties.getPollOnly() != null ? properties.getPollOnly() : annotation.pollOnly(),
                properties.getTransactional() != null ? properties.getTransactional() : annotation.transactional());
    }

    /** Sets what is set on {@code builder}; the builder keeps its defaults for the rest and validates at start. */
    <T> Consumer.Builder<T> applyTo(Consumer.Builder<T> builder) {
        concurrency.ifPresent(builder::concurrency);
        batchSize.ifPresent(builder::batchSize);
        lease.ifPresent(builder::lease);
        pollInterval.ifPresent(builder::pollInterval);
        return builder.pollOnly(pollOnly);
    }

    private static <X> Optional<X> first(X property, X attribute) {
        return Optional.ofNullable(property != null ? property : attribute);
    }

    private static Duration duration(String attribute, String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attribute + " = \"" + value + "\" is not a duration; write e.g. \"30s\""
                    + " or \"PT30S\"", e);
        }
    }
}
