package io.pgmq;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of running handlers' messages: every half lease, on the {@code pgmq-lease-<channel>} thread, it
 * extends them by a lease, so handlers may run longer than the lease. A failed extension is retried at the next
 * tick; a lost lease is logged (the handler still runs; its ack will fail). Thread-safe.
 *
 * @param <T> the payload type
 */
final class LeaseExtension<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseExtension.class);

    private final Channel<T> channel;
    private final ConsumerDatabase db;
    private final Duration lease;
    private final ScheduledThreadPoolExecutor ticks;

    LeaseExtension(Channel<T> channel, ConsumerDatabase db, Duration lease) {
        this.channel = channel;
        this.db = db;
        this.lease = lease;
        // at most one scheduled extension per running handler, so its (unbounded) queue stays below concurrency
        this.ticks = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("pgmq-lease-" + channel.name()));
        this.ticks.setRemoveOnCancelPolicy(true);
    }

    /**
     * Extends the leases of {@code deliveries} every half lease until the returned future is cancelled; after
     * {@link #stop()} (close() gave up waiting) nothing is extended any more and the future is a done one.
     */
    Future<?> keep(List<Delivery<T>> deliveries) {
        long every = Math.max(1, lease.toMillis() / 2);
        try {
            return ticks.scheduleWithFixedDelay(() -> extend(deliveries), every, every, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Stops extending (close()). */
    void stop() {
        ticks.shutdownNow();
    }

    private void extend(List<Delivery<T>> deliveries) {
        for (Delivery<T> d : deliveries) {
            try {
                db.transaction(tx -> channel.extendLease(tx, d, lease));
            } catch (LeaseLostException e) {
                LOG.warn("{}; the handler still runs, its ack will fail", e.getMessage());
            } catch (PgmqException | DataAccessException e) {
                LOG.debug("channel \"{}\": extending the lease of message {} failed; retrying in {}", channel.name(),
                        d.msgId(), lease.dividedBy(2), e);
            }
        }
    }
}
