package io.pgmq.fault;

import io.pgmq.Consumer;
import io.pgmq.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * How a scenario's consumers handle messages: which of the {@link Consumer}'s three handler kinds, with which
 * settings. Every kind writes the handling's {@code fault_ledger} row in the transaction of its effect.
 *
 * @param kind         the handler kind
 * @param concurrency  the consumer's concurrency
 * @param batchSize    the consumer's batch size
 * @param lease        the consumer's lease (unused by the transactional kind)
 * @param pollInterval the consumer's poll interval
 */
record ConsumerPlan(Kind kind, int concurrency, int batchSize, Duration lease, Duration pollInterval) {

    /** The three handler kinds of {@link Consumer.Builder}. */
    enum Kind {
        /** {@code handler}: one leased message, its ledger row committed in a transaction of its own, then acked. */
        SINGLE,
        /** {@code batchHandler}: a leased batch, its rows committed in one transaction, then acked together. */
        BATCH,
        /** {@code transactionalHandler}: locked claims, the row committed with the message's completion. */
        TRANSACTIONAL
    }

    /**
     * Called after a handler recorded a message: in the lease kinds after the ledger row committed and before the
     * handler returns (so before the ack), in the transactional kind inside the consumer's transaction. The consumer
     * JVM of the kill scenario uses it to stop at a known point; in-process consumers do nothing.
     */
    @FunctionalInterface
    interface Hook {
        /** Does nothing. */
        Hook NONE = (id, msgId) -> { };

        /** Called with the message's id and msg_id. */
        void recorded(long id, long msgId) throws InterruptedException;
    }

    ConsumerPlan {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /** The same settings with another handler kind. */
    ConsumerPlan with(Kind other) {
        return new ConsumerPlan(other, concurrency, batchSize, lease, pollInterval);
    }

    /**
     * Starts a consumer of {@code channel} on {@code pool} that records each message in the ledger as
     * {@code consumer}, calling {@code hook} after each record.
     */
    <T> Consumer<T> start(FaultChannel<T> channel, DataSource pool, String consumer, Hook hook) {
        Consumer.Builder<T> b = Consumer.builder(channel.channel(), pool)
                .concurrency(concurrency).batchSize(batchSize).lease(lease).pollInterval(pollInterval)
                // the suite stops its consumers once every message is done: nothing left to wait for
                .shutdownDeadline(Duration.ofSeconds(10))
                .purgeInterval(Duration.ZERO);
        switch (kind) {
            case SINGLE -> b.handler(d -> {
                Ledger.recordLeased(pool, channel, consumer, List.of(d));
                hook.recorded(channel.id(d.payload()), d.msgId());
            });
            case BATCH -> b.batchHandler(ds -> {
                Ledger.recordLeased(pool, channel, consumer, ds);
                for (Delivery<T> d : ds) {
                    hook.recorded(channel.id(d.payload()), d.msgId());
                }
            });
            case TRANSACTIONAL -> b.transactionalHandler((tx, d) -> {
                tx.connection(c -> Ledger.recordLocked(c, channel, consumer, d));
                hook.recorded(channel.id(d.payload()), d.msgId());
            });
            default -> throw new IllegalStateException("unknown handler kind " + kind);
        }
        return b.start();
    }
}
