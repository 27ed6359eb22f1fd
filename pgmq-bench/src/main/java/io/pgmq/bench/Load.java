package io.pgmq.bench;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Runs one timed load: {@code threads} threads, each on its own connection, repeat an operation until the deadline
 * (or, for a draining load, until the operation finds nothing left), and the messages they did are summed.
 */
final class Load {

    /** One step of a load; returns the messages it sent or consumed (0 means the backlog is empty). */
    @FunctionalInterface
    interface Op {
        int run() throws Exception;
    }

    /** Prepares a thread's operation on the connection it owns (statements, autocommit). */
    @FunctionalInterface
    interface OpFactory {
        Op open(Connection connection) throws Exception;
    }

    /** What a load did: messages, the seconds from the common start to the last thread's end, whether it drained. */
    record Result(long messages, double seconds, boolean drained) {
        double rate() {
            return messages / seconds;
        }
    }

    private static final Duration SETUP_DEADLINE = Duration.ofSeconds(60);

    private Load() {
    }

    static Result run(String name, DataSource dataSource, int threads, Duration duration, OpFactory factory)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] counts = new long[threads];
        long[] ends = new long[threads];
        boolean[] drained = new boolean[threads];
        long[] window = new long[2]; // start, deadline: written before go.countDown(), read after go.await()
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int index = i;
            workers[i] = new Thread(() -> {
                boolean counted = false;
                try (Connection connection = dataSource.getConnection()) {
                    Op op = factory.open(connection);
                    ready.countDown();
                    counted = true;
                    if (!go.await(SETUP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                        return;
                    }
                    long deadline = window[1];
                    long n = 0;
                    while (System.nanoTime() < deadline && failure.get() == null) {
                        int done = op.run();
                        if (done == 0) {
                            drained[index] = true;
                            break;
                        }
                        n += done;
                    }
                    counts[index] = n;
                    ends[index] = System.nanoTime();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure.compareAndSet(null, e);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (!counted) {
                        ready.countDown();
                    }
                }
            }, "pgmq-bench-" + name + "-" + i);
            workers[i].start();
        }
        if (!ready.await(SETUP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": threads did not connect within " + SETUP_DEADLINE);
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        long joinDeadline = System.nanoTime() + duration.toNanos() + SETUP_DEADLINE.toNanos();
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
            if (worker.isAlive()) {
                throw new IllegalStateException(name + ": " + worker.getName() + " still runs past its deadline");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException(name + " failed: " + failure.get(), failure.get());
        }
        long total = 0;
        long last = window[0];
        boolean anyDrained = false;
        for (int i = 0; i < threads; i++) {
            total += counts[i];
            last = Math.max(last, ends[i]);
            anyDrained |= drained[i];
        }
        return new Result(total, Math.max(1, last - window[0]) / 1e9, anyDrained);
    }
}
