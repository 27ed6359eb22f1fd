package io.pgmq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ack thread of a lease consumer, {@code pgmq-ack-<channel>}: a handler thread whose handler returned hands its
 * messages over ({@link #queueAck}) and takes the next message; the ack thread acks everything handed over since its
 * last statement in one statement (up to {@value Channel#MAX_BATCH} messages). While one ack runs the next batch
 * gathers, so the number of ack statements adapts to the load: one per message when idle, one per many under load.
 *
 * <p>At most concurrency units wait: a handler thread whose unit does not fit waits for room, holding its slot, so a
 * slow database stops the claims instead of filling memory. Once {@linkplain #close closed}, it acks what is queued
 * and stops, and handler threads ack on their own. Thread-safe.
 *
 * @param <T> the payload type
 */
final class AckBatcher<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AckBatcher.class);

    private final String channel;
    private final int capacity;
    private final long pollNanos;
    private final Completions<T> completions;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final List<List<Delivery<T>>> toAck = new ArrayList<>();  // guarded by lock
    private boolean closed;                                          // guarded by lock

    AckBatcher(String channel, int capacity, Duration pollInterval, Completions<T> completions) {
        this.channel = channel;
        this.capacity = capacity;
        this.pollNanos = pollInterval.toNanos();
        this.completions = completions;
        this.thread = DaemonThreads.named("pgmq-ack-" + channel).newThread(this::run);
    }

    void start() {
        thread.start();
    }

    /**
     * Hands a handled unit to the ack thread, waiting while the queue is full. False once closed, or when interrupted
     * meanwhile (flag kept): the caller then acks the unit itself.
     */
    boolean queueAck(List<Delivery<T>> unit) {
        lock.lock();
        try {
            while (toAck.size() >= capacity && !closed) {
                room.awaitNanos(pollNanos);  // timed only so that no wait is unbounded: the ack thread and close signal
            }
            if (closed) {
                return false;
            }
            toAck.add(unit);
            queued.signal();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** How many handled units wait for the ack thread, not counting the ack it is running. */
    int waiting() {
        lock.lock();
        try {
            return toAck.size();
        } finally {
            lock.unlock();
        }
    }

    /** Tells the ack thread to ack what is queued and stop; later units are acked by their handler threads. */
    void close() {
        lock.lock();
        try {
            closed = true;
            queued.signal();
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the ack thread until {@code deadlineNanos}; past it, its acks finish in the background. */
    void join(long deadlineNanos) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        if (thread.isAlive()) {
            LOG.warn("channel \"{}\": acks of handled messages still running after the shutdown deadline; they "
                    + "finish in the background, or the messages come back when their leases expire", channel);
        }
    }

    private void run() {
        List<Delivery<T>> batch = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            lock.lock();
            try {
                while (toAck.isEmpty() && !closed) {
                    try {
                        // timed only so that no wait is unbounded: queueAck and close signal
                        queued.awaitNanos(pollNanos);
                    } catch (InterruptedException e) {
                        // only the JVM interrupts this thread: ack what is queued (pgjdbc refuses to connect on an
                        // interrupted thread, so the flag is restored afterwards), then stop
                        interrupted = true;
                        closed = true;
                    }
                }
                if (toAck.isEmpty()) {
                    break;
                }
                while (!toAck.isEmpty()
                        && (batch.isEmpty() || batch.size() + toAck.get(0).size() <= Channel.MAX_BATCH)) {
                    batch.addAll(toAck.remove(0));
                }
                room.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                completions.ack(batch);
            } catch (RuntimeException e) {
                // keep the thread alive: every later ack depends on it
                LOG.warn("channel \"{}\": ack of messages {} failed ({}); they come back when their leases expire",
                        channel, Completions.ids(batch), e.toString());
            } finally {
                batch = new ArrayList<>();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
