package io.pgmq;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When a consumer's claim thread claims, shared by both modes (lease claims, and locked rounds that each take a slot):
 * it holds the free handler slots, the wake-ups, and the timing of follow-up claims.
 *
 * <p>The claim thread claims (or starts a round) when a slot is free and one of these holds: the last claim was full
 * (a backlog drains at full speed); a notification or a change of this consumer's asked for it ({@link #wake}); a
 * follow-up is due (1, 2 and 4 ms after a claim that found messages: while messages arrive back to back, pgjdbc hands
 * notifications over only after a pause in their stream, so waiting for them would add latency); or the poll
 * interval passed without a claim.
 *
 * <p>Thread-safe: the claim thread waits here; handler threads return slots and report rounds; the LISTEN thread wakes
 * it and reads {@link #idle}.
 */
final class ClaimGate {

    private static final long FIRST_FOLLOW_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LAST_FOLLOW_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

    private final long pollNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // guarded by lock
    private int freeSlots;
    private boolean more = true;            // the last claim was full; also: claim once at start
    private boolean wakeRequested;
    private long followUp;                  // nanos between follow-up claims; 0: none due
    private long followUpAt;

    private volatile boolean stopping;
    private volatile boolean idle;

    /**
     * @param slots        the handler slots, the consumer's concurrency
     * @param pollInterval the longest wait without a claim
     */
    ClaimGate(int slots, Duration pollInterval) {
        this.freeSlots = slots;
        this.pollNanos = pollInterval.toNanos();
    }

    /**
     * Waits until it is time to claim and a slot is free, then takes up to {@code maxSlots} free slots and returns how
     * many; returns 0 once the consumer stops. Called by the claim thread only.
     *
     * @throws InterruptedException if the claim thread is interrupted
     */
    int awaitTurn(int maxSlots) throws InterruptedException {
        lock.lock();
        try {
            long pollAt = System.nanoTime() + pollNanos;
            while (!stopping) {
                if (more || wakeRequested || deadlinePassed(pollAt)) {
                    break;
                }
                long until = pollAt;
                if (followUp > 0 && followUpAt - until < 0) {
                    until = followUpAt;
                }
                changed.awaitNanos(until - System.nanoTime());
            }
            wakeRequested = false;
            while (!stopping && freeSlots == 0) {
                changed.awaitNanos(pollNanos);  // timed only so that no wait is unbounded: returnSlots signals
            }
            if (stopping) {
                return 0;
            }
            int taken = Math.min(freeSlots, maxSlots);
            freeSlots -= taken;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reports a claim (or a round) that found {@code found} messages, {@code full} if as many as it asked for: a full
     * one is followed by another at once, one that found messages by follow-ups.
     */
    void claimed(int found, boolean full) {
        signal(() -> {
            more = full;
            idle = found == 0;
            if (found > 0) {
                followUp = FIRST_FOLLOW_UP_NANOS;
                followUpAt = System.nanoTime() + followUp;
            }
        });
    }

    /** Reports a failed claim (or round): claim again after the backoff if {@code again}, else at the next wake-up. */
    void failed(boolean again) {
        signal(() -> more = again);
    }

    /** Claims soon: a notification came. */
    void wake() {
        signal(() -> wakeRequested = true);
    }

    /** Gives back handler slots: a handler finished, or a claim took fewer messages than slots. */
    void returnSlots(int slots) {
        if (slots > 0) {
            signal(() -> freeSlots += slots);
        }
    }

    /** Stops the claim thread and every {@link #awaitStop}. */
    void stop() {
        signal(() -> stopping = true);
    }

    boolean stopping() {
        return stopping;
    }

    /** The last claim found nothing: the LISTEN thread registers the consumer idle on a when_idle channel. */
    boolean idle() {
        return idle;
    }

    /** Waits up to {@code millis} or until the consumer stops; true when stopping (or interrupted, flag kept). */
    boolean awaitStop(long millis) {
        lock.lock();
        try {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!stopping) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a timed wake-up is due; moves the follow-ups on as they fire. Lock held. */
    private boolean deadlinePassed(long pollAt) {
        long now = System.nanoTime();
        if (followUp > 0 && now - followUpAt >= 0) {
            followUp = followUp * 2 > LAST_FOLLOW_UP_NANOS ? 0 : followUp * 2;
            followUpAt = now + followUp;
            return true;
        }
        return now - pollAt >= 0;
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
