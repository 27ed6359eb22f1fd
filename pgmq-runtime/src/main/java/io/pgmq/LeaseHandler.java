package io.pgmq;

import io.pgmq.internal.ConsumerCounters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a lease consumer's handler on one unit of claimed messages, on a handler thread, while their leases are kept
 * ({@link Dispatch} started keeping them), then hands them to the ack thread if it returned, or nacks them if it
 * threw. Thread-safe.
 *
 * @param <T> the payload type
 */
final class LeaseHandler<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseHandler.class);

    private final Handling.Leased<T> handling;
    private final AckBatcher<T> acks;
    private final Completions<T> completions;
    private final ConsumerCounters counters;

    LeaseHandler(Handling.Leased<T> handling, AckBatcher<T> acks, Completions<T> completions,
                 ConsumerCounters counters) {
        this.handling = handling;
        this.acks = acks;
        this.completions = completions;
        this.counters = counters;
    }

    /**
     * Handles {@code unit}, stops keeping its leases ({@code kept}), then queues its ack, or nacks it (or acks it
     * itself once acks are closed).
     */
    void handle(List<Delivery<T>> unit, Future<?> kept) {
        Instant now = Instant.now();
        for (Delivery<T> d : unit) {
            Duration waited = Duration.between(d.sentAt(), now);
            counters.started(waited.isNegative() ? Duration.ZERO : waited);
        }
        long started = System.nanoTime();
        Exception failure = null;
        Tracing.Process span = Tracing.process(unit.get(0).channel(), unit.stream().map(Tracing.Message::of).toList());
        try (HandlerMdc mdc = HandlerMdc.of(unit)) {
            handling.handle(unit);
        } catch (Exception e) {
            failure = e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            span.end(failure);
            kept.cancel(false);
        }
        counters.handled(Duration.ofNanos(System.nanoTime() - started), failure == null);
        if (failure instanceof PartialBatchFailure partial) {
            settlePartly(unit, partial);
            return;
        }
        if (failure == null && acks.queueAck(unit)) {
            return;
        }
        Exception cause = failure;
        settle(() -> {
            if (cause == null) {
                completions.ack(unit);
            } else {
                completions.nack(unit, cause);
            }
        });
    }

    /** Acks the deliveries a {@link PartialBatchFailure} does not name and nacks each one it names. */
    private void settlePartly(List<Delivery<T>> unit, PartialBatchFailure partial) {
        Map<Long, Exception> failures = partial.failures();
        List<Delivery<T>> succeeded = new ArrayList<>();
        List<Delivery<T>> failed = new ArrayList<>();
        for (Delivery<T> d : unit) {
            (failures.containsKey(d.msgId()) ? failed : succeeded).add(d);
        }
        if (failed.size() < failures.size()) {
            Set<Long> strangers = partial.strangers(Completions.ids(unit));
            LOG.warn("channel \"{}\": the batch handler failed messages {} that are not in its batch {}; ignored",
                    unit.get(0).channel(), strangers, Completions.ids(unit));
        }
        boolean queued = !succeeded.isEmpty() && acks.queueAck(succeeded);
        settle(() -> {
            if (!queued && !succeeded.isEmpty()) {
                completions.ack(succeeded);
            }
            for (Delivery<T> d : failed) {
                completions.nack(List.of(d), failures.get(d.msgId()));
            }
        });
    }

    private static void settle(Runnable completion) {
        // close() past its deadline interrupts handlers; pgjdbc refuses to connect on an interrupted thread, so
        // settle first (bounded by the statement timeout) and restore the flag afterwards
        boolean interrupted = Thread.interrupted();
        try {
            completion.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
