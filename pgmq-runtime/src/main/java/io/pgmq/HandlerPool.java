package io.pgmq;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer's handler threads, {@code pgmq-handler-<channel>-<n>}: at most concurrency of them, started on demand.
 * The queue holds as many tasks as the consumer has slots (concurrency plus claim-ahead), so it never fills: the claim
 * thread hands work over only for free slots ({@link ClaimGate}); tasks start in the order they were handed over; a
 * task offered after {@link #stop} is refused. Thread-safe.
 */
final class HandlerPool {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerPool.class);

    private final String channel;
    private final Duration shutdownDeadline;
    private final ThreadPoolExecutor threads;

    HandlerPool(String channel, int concurrency, int slots, Duration shutdownDeadline) {
        this.channel = channel;
        this.shutdownDeadline = shutdownDeadline;
        this.threads = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(slots), DaemonThreads.numbered("pgmq-handler-" + channel),
                new ThreadPoolExecutor.AbortPolicy());
        this.threads.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} on a handler thread; false if the pool is stopping and refused it. */
    boolean execute(Runnable task) {
        try {
            threads.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Refuses new tasks and waits for the running ones until {@code deadlineNanos}; past it, interrupts them and logs
     * what becomes of their messages ({@code afterInterrupt}).
     *
     * @throws InterruptedException if the closing thread is interrupted while it waits
     */
    void stop(long deadlineNanos, String afterInterrupt) throws InterruptedException {
        threads.shutdown();
        long left = Math.max(1, deadlineNanos - System.nanoTime());
        if (!threads.awaitTermination(left, TimeUnit.NANOSECONDS)) {
            LOG.warn("channel \"{}\": {} handlers still running after the shutdown deadline of {}; interrupting them,"
                    + " {}", channel, threads.getActiveCount(), shutdownDeadline, afterInterrupt);
            threads.shutdownNow();
        }
    }

    /** Interrupts the running tasks at once (the closing thread itself was interrupted). */
    void stopNow() {
        threads.shutdownNow();
    }

    /** The handler threads' largest number, the consumer's concurrency. */
    int size() {
        return threads.getMaximumPoolSize();
    }
}
