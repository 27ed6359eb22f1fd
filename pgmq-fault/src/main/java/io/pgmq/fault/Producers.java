package io.pgmq.fault;

import io.pgmq.Pgmq;
import io.pgmq.PgmqException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;

/**
 * Producer threads that send message ids 1..n, one business transaction per message: the send and the
 * {@code fault_sent} row commit together (or, with {@link Plan#rollbackHalf}, about every second transaction rolls
 * back on purpose). A transaction that fails is retried with backoff until a deadline; when it was the COMMIT that
 * failed, the producer first looks its id up in {@code fault_sent} (as an application would look up its order), so
 * a message is neither sent twice nor skipped. Thread-safe.
 */
final class Producers implements AutoCloseable {

    /**
     * What the producers do.
     *
     * @param threads      producer threads
     * @param messages     ids to send (1..messages), spread over the channels in turn
     * @param perSecond    the combined send rate; 0 sends as fast as the threads can
     * @param rollbackHalf roll back the transactions of about half the ids (a fixed, id-derived half)
     */
    record Plan(int threads, long messages, double perSecond, boolean rollbackHalf) {
        Plan {
            if (threads < 1 || messages < 1 || perSecond < 0) {
                throw new IllegalArgumentException("threads and messages must be positive and perSecond not negative,"
                        + " was " + threads + ", " + messages + ", " + perSecond);
            }
        }
    }

    /** How long a producer keeps retrying one message before it gives up (and the scenario fails). */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    private static final long MIN_BACKOFF_MILLIS = 20;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    private final DataSource pool;
    private final List<FaultChannel<?>> channels;
    private final Plan plan;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong commitsInDoubt = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private volatile Instant finishedAt;
    private final List<Thread> threads = new ArrayList<>();
    private volatile long startNanos;

    Producers(DataSource pool, List<FaultChannel<?>> channels, Plan plan) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.channels = List.copyOf(channels);
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    /** Starts the producer threads. */
    Producers start() {
        startNanos = System.nanoTime();
        running.set(plan.threads());
        for (int i = 1; i <= plan.threads(); i++) {
            String name = "p" + i;
            Thread t = new Thread(() -> {
                try {
                    produce(name);
                } finally {
                    if (running.decrementAndGet() == 0) {
                        finishedAt = Instant.now();
                    }
                }
            }, "pgmq-fault-producer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    /** Waits up to {@code timeout} for every id to be sent (or rolled back); returns whether they were. */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Whether every producer thread has finished (all ids sent or rolled back, or a producer gave up). */
    boolean done() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** When the last producer thread finished, if all have. */
    Optional<Instant> finishedAt() {
        return Optional.ofNullable(finishedAt);
    }

    /** Ids handed to the producers so far (sent, rolled back or in progress): how far the run has got. */
    long started() {
        return Math.min(nextId.get() - 1, plan.messages());
    }

    long committed() {
        return committed.get();
    }

    long rolledBack() {
        return rolledBack.get();
    }

    /** Transactions that failed and were tried again. */
    long retries() {
        return retries.get();
    }

    /** COMMITs that failed, after which the producer looked up whether the send had happened. */
    long commitsInDoubt() {
        return commitsInDoubt.get();
    }

    /** Why a producer gave up, if one did. */
    Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Stops the producers (an id in progress finishes or is abandoned at its next retry) and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void produce(String name) {
        try {
            for (long id = nextId.getAndIncrement(); id <= plan.messages(); id = nextId.getAndIncrement()) {
                if (plan.perSecond() > 0 && waitFor(startNanos + (long) ((id - 1) * 1e9 / plan.perSecond()))) {
                    return;
                }
                if (!sendWithRetries(name, id)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Sends id {@code id} until its transaction committed or rolled back on purpose; false if told to stop. */
    private boolean sendWithRetries(String name, long id) throws InterruptedException {
        Instant firstTry = Instant.now();
        long giveUp = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long backoff = MIN_BACKOFF_MILLIS;
        while (true) {
            boolean committing = false;
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try {
                    FaultChannel<?> channel = channels.get((int) ((id - 1) % channels.size()));
                    long msgId = send(c, channel, id);
                    Ledger.recordSent(c, id, channel.name(), msgId, name, firstTry);
                    if (plan.rollbackHalf() && rollsBack(id)) {
                        c.rollback();
                        rolledBack.incrementAndGet();
                        return true;
                    }
                    committing = true;
                    c.commit();
                    committed.incrementAndGet();
                    return true;
                } catch (SQLException | RuntimeException e) {
                    if (!committing) {
                        c.rollback();
                    }
                    throw e;
                }
            } catch (SQLException | PgmqException | DataAccessException e) {
                if (committing && committedAfterAll(id, giveUp)) {
                    commitsInDoubt.incrementAndGet();
                    committed.incrementAndGet();
                    return true;
                }
                retries.incrementAndGet();
                if (System.nanoTime() - giveUp > 0) {
                    throw new IllegalStateException("producer " + name + " gave up on message " + id + " after "
                            + GIVE_UP_AFTER + ": " + e, e);
                }
                if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
                    return false;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private static <T> long send(Connection c, FaultChannel<T> channel, long id) {
        return channel.channel().send(Pgmq.using(c), channel.payload(id));
    }

    /** After a failed COMMIT: asks, on a new connection and until the database answers, whether it happened. */
    private boolean committedAfterAll(long id, long giveUp) throws InterruptedException {
        long backoff = MIN_BACKOFF_MILLIS;
        while (true) {
            try (Connection c = pool.getConnection()) {
                return Ledger.wasSent(c, id);
            } catch (SQLException e) {
                if (System.nanoTime() - giveUp > 0) {
                    throw new IllegalStateException("cannot learn whether message " + id + " was sent: " + e, e);
                }
                if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("stopped before learning whether message " + id + " was sent");
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    /** Whether the producers roll back the transaction of {@code id}: a fixed half, by a multiplicative hash. */
    static boolean rollsBack(long id) {
        return (id * 0x9E3779B97F4A7C15L) < 0;
    }

    /** Waits until {@code dueNanos}; true if told to stop meanwhile. */
    private boolean waitFor(long dueNanos) throws InterruptedException {
        long left = dueNanos - System.nanoTime();
        return left > 0 && stop.await(left, TimeUnit.NANOSECONDS);
    }
}
