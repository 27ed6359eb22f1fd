package io.pgmq;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * When a consumer's claim thread claims, shared by both modes (lease claims, and locked rounds that each take a slot):
 * it holds the free handler slots, the wake-ups, and the timing of follow-up claims.
 *
 * <p>The claim thread claims (or starts a round) when a slot is free and one of these holds: the last claim was full
 * (a backlog drains at full speed); a notification or a change of this consumer's asked for it ({@link #wake}); a
 * follow-up is due (1, 2 and 4 ms after a claim that found messages: while messages arrive back to back, pgjdbc hands
 * notifications over only after a pause in their stream, so waiting for them would add latency); the earliest message
 * that is not ready yet becomes ready; or the poll interval passed without a claim.
 *
 * <p>The earliest message not ready yet (a delayed send, a retry after its backoff, another consumer's lease that may
 * expire) produces no notification when it becomes ready, so the gate asks ({@code nextReady}) when it may have
 * changed: at the wake-up time and at the poll, before it claims; and after a claim woken by a notification (or by
 * this consumer's own nack) that found fewer than it asked for, after which it claims once more (a message may have
 * become ready between the claim and the question) unless a follow-up is due anyway. Its own claims change nothing it
 * would not hear of. A consumer that goes idle thus asks once, not in a loop; an idle one, once per poll. The question
 * reads every open message (no index serves it), about 0.2 s per million on a small server, so the gate keeps its cost
 * below a tenth of the claim thread's time: it asks again no sooner than nine times the server's time for the cheaper
 * of the last two answers after the last one.
 *
 * <p>Thread-safe: the claim thread waits here; handler threads return slots and report rounds; the LISTEN thread wakes
 * it and reads {@link #idle}.
 */
final class ClaimGate {

    private static final long FIRST_FOLLOW_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LAST_FOLLOW_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(4);

    private final long pollNanos;
    private final Supplier<NextReady> nextReady;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    // guarded by lock
    private int freeSlots;
    private boolean more = true;            // the last claim was full; also: claim once at start
    private boolean wakeRequested;
    private boolean recheck;                // claim once more after asking nextReady
    private boolean dirty = true;           // something may have changed since nextReady was last asked
    private boolean askDue;
    private long askNotBefore;
    private long lastAnswerNanos;
    private long followUp;                  // nanos between follow-up claims; 0: none due
    private long followUpAt;
    private boolean waking;                 // wakeAt holds when the earliest message not ready yet becomes ready
    private long wakeAt;

    private volatile boolean stopping;
    private volatile boolean idle;

    /**
     * A gate over {@code slots} free handler slots that claims at least every {@code pollInterval}.
     *
     * @param slots        the handler slots, the consumer's concurrency
     * @param pollInterval the longest wait without a claim
     * @param nextReady    when the earliest message that is not ready yet becomes ready, and what asking cost the
     *                     server; called on the claim thread, without the gate's lock
     */
    ClaimGate(int slots, Duration pollInterval, Supplier<NextReady> nextReady) {
        this.freeSlots = slots;
        this.pollNanos = pollInterval.toNanos();
        this.nextReady = nextReady;
        this.askNotBefore = System.nanoTime();
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
                if (askDue && System.nanoTime() - askNotBefore >= 0) {
                    askNextReady(true);
                    continue;
                }
                if (more || wakeRequested || recheck || deadlinePassed(pollAt)) {
                    break;
                }
                long until = pollAt;
                if (followUp > 0 && followUpAt - until < 0) {
                    until = followUpAt;
                }
                if (waking && wakeAt - until < 0) {
                    until = wakeAt;
                }
                if (askDue && askNotBefore - until < 0) {
                    until = askNotBefore;
                }
                changed.awaitNanos(until - System.nanoTime());
            }
            wakeRequested = false;
            recheck = false;
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
            askDue |= !full && dirty;
        });
    }

    /** Reports a failed claim (or round): claim again after the backoff if {@code again}, else at the next wake-up. */
    void failed(boolean again) {
        signal(() -> more = again);
    }

    /** Claims soon: a notification came, or this consumer made a message ready later (a nack, a failed round). */
    void wake() {
        signal(() -> {
            wakeRequested = true;
            dirty = true;
        });
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

    /**
     * Whether a timed wake-up is due; moves the follow-ups on as they fire. At the wake-up time or the poll it first
     * asks when the next message becomes ready (if its cost allows), so that the claim after it covers what became
     * ready meanwhile and no second claim is needed. Lock held.
     */
    private boolean deadlinePassed(long pollAt) {
        long now = System.nanoTime();
        if (followUp > 0 && now - followUpAt >= 0) {
            followUp = followUp * 2 > LAST_FOLLOW_UP_NANOS ? 0 : followUp * 2;
            followUpAt = now + followUp;
            return true;
        }
        boolean timed = waking && now - wakeAt >= 0;
        if (timed || now - pollAt >= 0) {
            waking = false;
            dirty = true;
            if (now - askNotBefore >= 0) {
                askNextReady(false);
            }
            return true;
        }
        return false;
    }

    /**
     * Asks when the next message becomes ready, without holding the lock, and arms the wake-up; then, if
     * {@code recheck} and no follow-up is due anyway, claims once more: a message may have become ready between the
     * claim before and the question. Lock held.
     */
    private void askNextReady(boolean recheck) {
        askDue = false;
        dirty = false;
        NextReady next;
        lock.unlock();
        try {
            next = nextReady.get();
        } finally {
            lock.lock();
        }
        long answered = System.nanoTime();
        // the server's time, not the round trip's; and the cheaper of the last two: one slow scan spaces nothing
        long took = next.took().toNanos();
        askNotBefore = answered + 9 * Math.min(took, lastAnswerNanos);
        lastAnswerNanos = took;
        waking = next.in().isPresent();
        wakeAt = answered + next.in().map(Duration::toNanos).orElse(0L);
        this.recheck |= recheck && followUp == 0 && !more;
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
