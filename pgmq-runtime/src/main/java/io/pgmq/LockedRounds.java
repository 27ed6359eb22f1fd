package io.pgmq;

import io.pgmq.internal.ConsumerCounters;
import io.pgmq.internal.ConsumerCounters.Outcome;
import io.pgmq.internal.DslContexts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim side of a consumer with a transactional handler ({@link Handling.InTransaction}): no leases, acks or lease
 * extensions. For each free slot the claim thread starts a round on a handler thread, one transaction that the
 * handling's {@link TransactionRunner} owns: claim locked ({@link Channel#claimLocked}), run the handler on each
 * message (or once on the batch) behind a savepoint, fail those that threw ({@link Channel#fail}), complete the others
 * ({@link Channel#complete}), commit. A lost connection or a crash rolls the round back and its messages are ready
 * again at once; close() past its deadline interrupts the handlers and rolls their rounds back. Thread-safe.
 *
 * @param <T> the payload type
 */
final class LockedRounds<T> implements Claiming {

    private static final Logger LOG = LoggerFactory.getLogger(LockedRounds.class);

    private final Channel<T> channel;
    private final int batchSize;
    private final Handling.InTransaction<T> handling;
    private final ClaimGate gate;
    private final HandlerPool pool;
    private final ConsumerCounters counters;
    private final Degraded degraded;
    private final RoundOrder order;  // null unless the consumer claims ahead

    LockedRounds(ConsumerSettings<T> settings, Handling.InTransaction<T> handling, ConsumerParts parts) {
        this.channel = settings.channel();
        this.batchSize = settings.batchSize();
        this.handling = handling;
        this.gate = parts.gate();
        this.pool = parts.pool();
        this.counters = parts.counters();
        this.order = settings.claimAhead() == 0 ? null : new RoundOrder(settings.concurrency());
        this.degraded = new Degraded(channel.name(), "transaction of a locked claim failed and rolled back",
                "its messages are ready again, retrying with backoff", "transactions committing again");
    }

    @Override
    public String describe() {
        return "locked claims in transactions";
    }

    /**
     * The claim thread: claims nothing itself, but starts a round on a handler thread for each slot the gate gives it
     * (at once while the last round found a full batch, else on a wake-up, a follow-up or the poll).
     */
    @Override
    public void run() {
        while (true) {
            try {
                if (gate.awaitTurn(1) == 0) {
                    return;  // stopping
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!pool.execute(this::round)) {
                gate.returnSlots(1);  // only when close() stopped the pool meanwhile
            }
        }
    }

    /** One round on a handler thread: its transaction, then its slot back and the gate told what it found. */
    private void round() {
        LockedRound round = new LockedRound();
        try {
            if (gate.stopping()) {
                return;
            }
            handling.transactions().inTransaction(round);
            counters.add(Outcome.CLAIMED, round.claimed);
            counters.add(Outcome.ACKED, round.completed);
            counters.add(Outcome.NACKED, round.failed);
            counters.add(Outcome.DEAD, round.dead);
            degraded.worked();
            gate.claimed(round.claimed, round.claimed == batchSize);
            if (round.failed > round.dead) {
                gate.wake();  // their retries are due after the backoff: the gate asks when
            }
        } catch (SQLException | RuntimeException e) {
            if (round.interrupted) {
                LOG.debug("channel \"{}\": round rolled back at shutdown; its messages are ready again",
                        channel.name());
            } else {
                degraded.failed(e);
                degraded.backOff(gate);
            }
            gate.failed(false);
        } finally {
            gate.returnSlots(1);
        }
    }

    @Override
    public void start() {
        // rounds run on handler threads; nothing of its own to start
    }

    @Override
    public void stopClaiming() {
        // nothing is claimed outside a running round
    }

    @Override
    public String afterInterrupt() {
        return "their transactions roll back and their messages are ready again";
    }

    @Override
    public void finish(long deadlineNanos) {
        // a round's transaction ends with its handler thread
    }

    @Override
    public void abandon() {
        // nothing outlives the handler threads
    }

    /**
     * One round's work inside its transaction, and what it did, counted once the transaction committed. Claims locked,
     * runs the handler on each unit (a message, or the whole claim for a batch handler) behind a savepoint: a unit
     * whose handler threw has its writes rolled back to it and its messages failed; a batch handler's
     * {@link PartialBatchFailure} keeps its writes and fails only the messages it names. Completes the others.
     */
    private final class LockedRound implements TransactionRunner.Round {

        int claimed;
        int completed;
        int failed;
        int dead;
        boolean interrupted;

        @Override
        public void run(Connection connection) {
            DSLContext tx = DslContexts.using(connection, ConsumerDatabase.STATEMENT_TIMEOUT_SECONDS);
            if (order == null) {
                complete(tx, handleAll(connection, tx, channel.claimLocked(tx, batchSize)));
                return;
            }
            RoundOrder.Ticketed<List<LockedDelivery<T>>> claim;
            try {
                claim = order.claim(() -> channel.claimLocked(tx, batchSize), gate::stopping);
                if (claim == null) {
                    return;  // stopping before it claimed
                }
                if (claim.claimed().isEmpty()) {
                    order.pass(claim.ticket());
                    return;
                }
                if (!order.awaitTurn(claim.ticket(), gate::stopping)) {
                    throw interrupted();  // stopping: claimed ahead and never started, its messages ready again
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted();
            }
            List<LockedDelivery<T>> done;
            try {
                done = handleAll(connection, tx, claim.claimed());
            } finally {
                order.handled();  // the next round's handler starts while this one completes and commits
            }
            complete(tx, done);
        }

        private RoundInterrupted interrupted() {
            interrupted = true;
            return new RoundInterrupted();
        }

        /** Runs the handler on the claimed messages, fails what it failed, and returns the others. */
        private List<LockedDelivery<T>> handleAll(Connection connection, DSLContext tx, List<LockedDelivery<T>> locked) {
            claimed = locked.size();
            Instant now = Instant.now();
            for (LockedDelivery<T> d : locked) {
                Duration waited = Duration.between(d.sentAt(), now);
                counters.started(waited.isNegative() ? Duration.ZERO : waited);
            }
            List<LockedDelivery<T>> done = new ArrayList<>(locked.size());
            for (List<LockedDelivery<T>> unit : handling.units(locked)) {
                Exception failure = handle(connection, tx, unit);
                if (failure == null) {
                    done.addAll(unit);
                } else if (failure instanceof PartialBatchFailure partial && handling.partialFailures()) {
                    Map<Long, Exception> failures = partial.failures();
                    for (LockedDelivery<T> d : unit) {
                        Exception own = failures.get(d.msgId());
                        if (own == null) {
                            done.add(d);
                        } else {
                            fail(tx, d, own);
                        }
                    }
                    warnOfStrangers(unit, partial);
                } else {
                    for (LockedDelivery<T> d : unit) {
                        fail(tx, d, failure);
                    }
                }
            }
            return done;
        }

        private void complete(DSLContext tx, List<LockedDelivery<T>> done) {
            if (!done.isEmpty()) {
                channel.complete(tx, done);
            }
            completed = done.size();
        }

        /**
         * Runs the handler on a unit behind a savepoint; returns what it threw, or null. Its writes are rolled back
         * to the savepoint on a failure, but for a {@link PartialBatchFailure} of a batch handler.
         */
        private Exception handle(Connection connection, DSLContext tx, List<LockedDelivery<T>> unit) {
            long started = System.nanoTime();
            Exception failure = null;
            try {
                Savepoint savepoint = connection.setSavepoint();
                Tracing.Process span = Tracing.process(channel.name(),
                        unit.stream().map(Tracing.Message::of).toList());
                try (HandlerMdc mdc = mdc(unit)) {
                    handling.handle(tx, unit);
                } catch (Exception e) {
                    failure = e;
                } finally {
                    span.end(failure);
                }
                counters.handled(Duration.ofNanos(System.nanoTime() - started), failure == null);
                if (failure instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    throw new RoundInterrupted();
                }
                if (failure == null || failure instanceof PartialBatchFailure && handling.partialFailures()) {
                    connection.releaseSavepoint(savepoint);
                } else {
                    connection.rollback(savepoint);
                }
                return failure;
            } catch (SQLException e) {
                throw new DataAccessException("channel \"" + channel.name() + "\": savepoint of messages "
                        + ids(unit) + " failed: " + e.getMessage(), e);
            }
        }

        private HandlerMdc mdc(List<LockedDelivery<T>> unit) {
            if (unit.size() == 1) {
                LockedDelivery<T> d = unit.get(0);
                return HandlerMdc.of(d.channel(), d.msgId(), d.attempt(), d.headers());
            }
            return HandlerMdc.of(channel.name());
        }

        private void warnOfStrangers(List<LockedDelivery<T>> unit, PartialBatchFailure partial) {
            Set<Long> strangers = partial.strangers(ids(unit));
            if (!strangers.isEmpty()) {
                LOG.warn("channel \"{}\": the batch handler failed messages {} that are not in its batch {}; ignored",
                        channel.name(), strangers, ids(unit));
            }
        }

        private void fail(DSLContext tx, LockedDelivery<T> d, Exception failure) {
            String error = Completions.errorText(failure);
            failed++;
            if (channel.fail(tx, d, error) instanceof NackOutcome.Dead) {
                dead++;
                LOG.warn("channel \"{}\": message {} is a dead letter after {} attempts: {}", channel.name(),
                        d.msgId(), d.attempt(), error);
            } else {
                LOG.debug("channel \"{}\": message {} failed on attempt {}, retried later: {}", channel.name(),
                        d.msgId(), d.attempt(), error);
            }
        }
    }

    private static <T> List<Long> ids(List<LockedDelivery<T>> unit) {
        return unit.stream().map(LockedDelivery::msgId).toList();
    }

    /** Thrown inside a round's transaction to roll all of it back: the consumer is past its shutdown deadline. */
    private static final class RoundInterrupted extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RoundInterrupted() {
            super("the consumer is past its shutdown deadline", null, false, false);
        }
    }
}
