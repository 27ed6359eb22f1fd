package io.pgmq;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The order of a transactional consumer's rounds when it claims ahead ({@link Consumer.Builder#claimAhead}): rounds
 * claim one at a time, each claim taking the next ticket, so a later ticket holds later messages; their handlers then
 * start in ticket order, at most concurrency at once. A round claims while earlier rounds' handlers run, and its
 * handler starts as soon as an earlier one returns, while that round completes and commits. With concurrency 1,
 * batches are handled one at a time in the order they were claimed.
 *
 * <p>Every wait is bounded: a round waiting for its turn gives up when the consumer stops (its transaction rolls back
 * and its messages are ready again), and checks for that every {@value #CHECK_MILLIS} ms. Thread-safe.
 */
final class RoundOrder {

    private static final long CHECK_MILLIS = 100;

    private final int concurrency;
    private final ReentrantLock claims = new ReentrantLock(true);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private long issued;                              // guarded by claims
    private long nextToStart;                         // guarded by lock
    private int running;                              // guarded by lock
    private final Set<Long> passed = new HashSet<>(); // tickets that gave up their turn early, guarded by lock

    RoundOrder(int concurrency) {
        this.concurrency = concurrency;
    }

    /** A claim's result with its place in the order. */
    record Ticketed<R>(long ticket, R claimed) {
    }

    /**
     * Runs {@code claim} once no other round claims, and gives its result the next ticket; null if the consumer
     * stopped meanwhile (nothing claimed, no ticket taken).
     *
     * @throws InterruptedException if interrupted while waiting for the other round's claim
     */
    <R> Ticketed<R> claim(Supplier<R> claim, BooleanSupplier stopping) throws InterruptedException {
        while (!claims.tryLock(CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
            if (stopping.getAsBoolean()) {
                return null;
            }
        }
        try {
            R claimed = claim.get();
            return new Ticketed<>(issued++, claimed);
        } finally {
            claims.unlock();
        }
    }

    /**
     * Waits until every earlier ticket's handler started and fewer than concurrency run, then counts this one as
     * running: true. False, the turn given up, if the consumer stops first.
     *
     * @throws InterruptedException if interrupted while waiting (the turn given up)
     */
    boolean awaitTurn(long ticket, BooleanSupplier stopping) throws InterruptedException {
        lock.lock();
        try {
            while (ticket != nextToStart || running >= concurrency) {
                if (stopping.getAsBoolean()) {
                    giveUp(ticket);
                    return false;
                }
                try {
                    turn.await(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    giveUp(ticket);
                    throw e;
                }
            }
            running++;
            advance();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Gives up a ticket's turn without handling (its claim found nothing): later tickets need not wait for it. */
    void pass(long ticket) {
        lock.lock();
        try {
            giveUp(ticket);
        } finally {
            lock.unlock();
        }
    }

    /** A handler that {@link #awaitTurn} let start returned (or threw). */
    void handled() {
        lock.lock();
        try {
            running--;
            turn.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void giveUp(long ticket) {
        if (ticket == nextToStart) {
            advance();
        } else {
            passed.add(ticket);
        }
    }

    private void advance() {
        nextToStart++;
        while (passed.remove(nextToStart)) {
            nextToStart++;
        }
        turn.signalAll();
    }
}
